using System.Globalization;

namespace BlazorEs.CrashTrials;

/// <summary>The loads a trial can drive; each says what it exercises on the way to an acknowledgement.</summary>
internal enum LoadKind
{
    /// <summary>Many clients on one product: expected-version conflicts, the server's retries and the clients' own (409).</summary>
    OneStream,
    /// <summary>One product per client: large group commits, many commands per transaction.</summary>
    Disjoint,
    /// <summary>Orders over several products: one command, several streams, one commit; payments and cancellations.</summary>
    PlaceOrder,
    /// <summary>Client-chosen command ids given up after a short timeout and sent again with the same id: the duplicate path.</summary>
    RetryId,
    /// <summary>Writers plus readers, the snapshot writer every 50 events and a rebuild of every projection running at the kill.</summary>
    ReadSide,
}

/// <summary>What <c>dotnet run --project scripts/CrashTrials -- [options]</c> was asked to do.</summary>
internal sealed record TrialOptions
{
    public int Trials { get; init; } = 10;
    public IReadOnlyList<LoadKind> Loads { get; init; } = Enum.GetValues<LoadKind>();
    public int Clients { get; init; } = 8;
    /// <summary>The kill comes at a uniformly random moment in [KillAfterMinMs, KillAfterMaxMs] after the load starts.</summary>
    public int KillAfterMinMs { get; init; } = 200;
    public int KillAfterMaxMs { get; init; } = 2500;
    /// <summary>The kill window starts only once the load has this many acknowledgements (a busy machine may answer nothing for seconds).</summary>
    public int KillAfterAcks { get; init; }
    public int Seed { get; init; } = Environment.TickCount;
    /// <summary>Kills per fresh file: the restarted process takes the next trial's load (each trial still one kill, one restart, all checks).</summary>
    public int Cycles { get; init; } = 1;
    /// <summary>Trials run side by side (each its own process, port and file).</summary>
    public int Parallel { get; init; } = 1;
    /// <summary>The app's dll; without it the tool publishes App (Release) into artifacts/crash-trials/app.</summary>
    public string? AppDll { get; init; }
    public string WorkDir { get; init; } = Path.Combine(Path.GetTempPath(), "blazores-crash-trials");
    /// <summary>Where the per-trial lines (JSON) and the totals (Markdown) go.</summary>
    public string? ReportDir { get; init; }
    /// <summary>BLAZORES_FAULT for the first run of each trial (see docs/reliability.md): the process fails at that point.</summary>
    public string? Fault { get; init; }
    public bool KeepFiles { get; init; }
    /// <summary>Tests the checker: deletes the WAL after each kill, so every commit not yet checkpointed is lost and must be reported.</summary>
    public bool DropWal { get; init; }
    public bool Quiet { get; init; }

    public const string Usage = """
        crash trials: start the published app on a fresh SQLite file, drive a load over HTTP, SIGKILL it at a random
        moment, restart it on the same file, and check every acknowledged command is stored.
          --trials N            trials in all, spread over the loads in turn (default 10)
          --loads a,b           one-stream, disjoint, place-order, retry-id, read-side, or all (default all)
          --clients N           concurrent clients per load (default 8)
          --kill-after MIN-MAX  kill window in ms after the load starts (default 200-2500)
          --kill-after-acks N   start the kill window only after N acknowledgements of the load (default 0)
          --seed N              random seed (kill moments, client choices); printed with each trial
          --cycles N            kills per fresh file, the restarted app taking the next trial's load (default 1)
          --parallel N          files (chains of trials) side by side (default 1)
          --app PATH            the published BlazorEs.App.dll (default: publish App into artifacts/crash-trials/app)
          --work DIR            where each trial's database and logs go (default: the temp folder)
          --report DIR          write trials.jsonl and totals.md there
          --fault POINT:ACTION  BLAZORES_FAULT for the first run (docs/reliability.md lists the points)
          --drop-wal            test the checker: delete the WAL after each kill (the losses must be reported)
          --keep                keep every trial's files (a trial that loses something keeps them anyway)
          --quiet               only the totals and the findings
        """;

    public static TrialOptions Parse(string[] args)
    {
        var options = new TrialOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--trials" => options with { Trials = PositiveInt(Next(), "--trials") },
                "--loads" => options with { Loads = ParseLoads(Next()) },
                "--clients" => options with { Clients = PositiveInt(Next(), "--clients") },
                "--kill-after" => WithKillWindow(options, Next()),
                "--kill-after-acks" => options with { KillAfterAcks = PositiveInt(Next(), "--kill-after-acks") },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--cycles" => options with { Cycles = PositiveInt(Next(), "--cycles") },
                "--parallel" => options with { Parallel = PositiveInt(Next(), "--parallel") },
                "--app" => options with { AppDll = Path.GetFullPath(Next()) },
                "--work" => options with { WorkDir = Path.GetFullPath(Next()) },
                "--report" => options with { ReportDir = Path.GetFullPath(Next()) },
                "--fault" => options with { Fault = Next() },
                "--keep" => options with { KeepFiles = true },
                "--drop-wal" => options with { DropWal = true },
                "--quiet" => options with { Quiet = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        return options;
    }

    public static IReadOnlyList<LoadKind> ParseLoads(string value)
    {
        if (value == "all") return Enum.GetValues<LoadKind>();
        return value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseLoad).ToArray();
    }

    public static LoadKind ParseLoad(string name) =>
        Enum.GetValues<LoadKind>().FirstOrDefault(k => Name(k) == name, (LoadKind)(-1)) is var kind && Enum.IsDefined(kind)
            ? kind
            : throw new ArgumentException($"Unknown load '{name}'; loads: {string.Join(", ", Enum.GetValues<LoadKind>().Select(Name))}.");

    /// <summary>one-stream, disjoint, place-order, retry-id, read-side.</summary>
    public static string Name(LoadKind kind) => kind switch
    {
        LoadKind.OneStream => "one-stream",
        LoadKind.Disjoint => "disjoint",
        LoadKind.PlaceOrder => "place-order",
        LoadKind.RetryId => "retry-id",
        LoadKind.ReadSide => "read-side",
        _ => kind.ToString(),
    };

    private static TrialOptions WithKillWindow(TrialOptions options, string value)
    {
        var parts = value.Split('-');
        if (parts.Length != 2) throw new ArgumentException("--kill-after is MIN-MAX in milliseconds, e.g. 200-2500.");
        var (min, max) = (PositiveInt(parts[0], "--kill-after"), PositiveInt(parts[1], "--kill-after"));
        if (max < min) throw new ArgumentException("--kill-after: MAX must not be below MIN.");
        return options with { KillAfterMinMs = min, KillAfterMaxMs = max };
    }

    private static int PositiveInt(string value, string option) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} must be a positive whole number, not '{value}'.");
}
