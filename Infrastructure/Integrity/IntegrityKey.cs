using System.Buffers.Binary;
using System.Security.Cryptography;
using BlazorEs.Infrastructure.Settings;

namespace BlazorEs.Infrastructure.Integrity;

/// <summary>
/// The key that signs checkpoints, snapshot seals and export manifests (HMAC-SHA256, the platform's). It never goes
/// into the database: from Integrity:SigningKey, a key file, or in Development a file generated in the data folder.
/// </summary>
public sealed class IntegrityKey
{
    private const int MinimumBytes = 32;
    private readonly byte[] _key;

    public IntegrityKey(byte[] key)
    {
        if (key.Length < MinimumBytes) throw new InvalidOperationException($"The integrity signing key must be at least {MinimumBytes} bytes (base64 of {MinimumBytes} random bytes).");
        _key = key;
        Id = Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 8));
    }

    /// <summary>Names the key without revealing it: the first 8 bytes of SHA-256 over it, in hex.</summary>
    public string Id { get; }

    public byte[] Sign(ReadOnlySpan<byte> message) => HMACSHA256.HashData(_key, message);

    public bool Verifies(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(_key, message, expected);
        return CryptographicOperations.FixedTimeEquals(expected, signature);
    }

    /// <summary>What a checkpoint signs: "BlazorEs.Checkpoint/1" ‖ position (int64 BE) ‖ head hash (32 bytes) ‖ created-at ticks (int64 BE).</summary>
    public static byte[] CheckpointMessage(long position, ReadOnlySpan<byte> hash, DateTime createdAt)
    {
        var tag = "BlazorEs.Checkpoint/1"u8;
        var message = new byte[tag.Length + 8 + EventHash.Size + 8];
        tag.CopyTo(message);
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(tag.Length), position);
        hash.CopyTo(message.AsSpan(tag.Length + 8));
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(tag.Length + 8 + EventHash.Size), createdAt.Ticks);
        return message;
    }

    /// <summary>
    /// The key as configured; in Development without one, the key file in <paramref name="dataFolder"/> (made on first
    /// start). Elsewhere a missing key stops start-up with a message saying how to give one.
    /// </summary>
    public static IntegrityKey Resolve(IntegrityOptions options, bool development, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey)) return FromText(options.SigningKey, "Integrity:SigningKey");
        if (!string.IsNullOrWhiteSpace(options.SigningKeyFile))
        {
            if (!File.Exists(options.SigningKeyFile))
                throw new InvalidSettingException($"Integrity:SigningKeyFile is '{options.SigningKeyFile}', which does not exist.");
            return FromText(File.ReadAllText(options.SigningKeyFile), $"Integrity:SigningKeyFile ({options.SigningKeyFile})");
        }
        if (!development) throw new InvalidSettingException(MissingMessage);

        var path = Path.Combine(dataFolder, "integrity.key");
        if (!File.Exists(path))
        {
            // Several instances on one data folder may start at once: the first file moved into place wins, whole.
            Directory.CreateDirectory(dataFolder);
            var temp = path + "." + Guid.NewGuid().ToString("N");
            File.WriteAllText(temp, Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes)));
            try { File.Move(temp, path, overwrite: false); }
            catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
        }
        return FromText(File.ReadAllText(path), path);
    }

    /// <summary>What stops start-up outside Development when no key is given.</summary>
    public const string MissingMessage =
        "No integrity signing key: set Integrity:SigningKey (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) "
        + "or Integrity:SigningKeyFile. Keep it outside the database; it signs the hash chain's checkpoints.";

    /// <summary>Why <paramref name="base64"/> is not a usable key (naming <paramref name="source"/>), or null.</summary>
    public static string? Problem(string base64, string source)
    {
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), bytes, out var length)) return $"The integrity signing key in {source} is not base64.";
        return length < MinimumBytes
            ? $"The integrity signing key in {source} is {length} bytes; it must be at least {MinimumBytes} (base64 of {MinimumBytes} random bytes)."
            : null;
    }

    private static IntegrityKey FromText(string base64, string source) =>
        Problem(base64, source) is { } problem ? throw new InvalidSettingException(problem) : new IntegrityKey(Convert.FromBase64String(base64.Trim()));
}
