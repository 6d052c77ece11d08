using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BlazorEs.Infrastructure.Settings;

/// <summary>
/// A configuration section bound with the options pattern and checked when the host starts (ValidateOnStart): a wrong
/// value stops start-up with the section's own message, which names the key ("Projections:BatchSize must be ...").
/// The options object is also registered as itself, so the code that takes it keeps taking it.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>Binds <paramref name="section"/> to <typeparamref name="T"/>; returns the bound value for what registration itself needs.</summary>
    public static T AddValidatedOptions<T>(this IHostApplicationBuilder builder, string section, Func<T, string?> validate) where T : class, new()
    {
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(validate));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return builder.Configuration.GetSection(section).Get<T>() ?? new T();
    }

    private sealed class SectionValidator<T>(Func<T, string?> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            validate(options) is { } error ? ValidateOptionsResult.Fail(error) : ValidateOptionsResult.Success;
    }
}
