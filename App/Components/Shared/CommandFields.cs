using BlazorEs.Domain;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// The fields of a command form, checked by the Domain's own rules (<see cref="CommandValidation.Errors"/>), so the
/// form and the server never disagree on what is valid. Errors the server sent back for a field are shown on that
/// field until its value changes. Field names are the command's (<c>Name</c>, <c>Lines[0].Quantity</c>).
/// </summary>
public sealed class CommandFields(Func<IWarehouseCommand> build)
{
    private readonly Dictionary<string, object> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerError> _server = new(StringComparer.Ordinal);
    private IWarehouseCommand? _checked;
    private IReadOnlyDictionary<string, string[]> _checkedErrors = new Dictionary<string, string[]>();

    /// <summary>The command as the form stands now.</summary>
    public IWarehouseCommand Build() => build();

    /// <summary>A MudBlazor <c>Validation</c> function for the field of the command named <paramref name="field"/>.</summary>
    public Func<T, IEnumerable<string>> Rule<T>(string field)
    {
        if (_rules.TryGetValue(field, out var rule)) return (Func<T, IEnumerable<string>>)rule;
        Func<T, IEnumerable<string>> created = value => ErrorsFor(field, value);
        _rules[field] = created;
        return created;
    }

    /// <summary>The fields this form shows (each asked for its <see cref="Rule{T}"/>).</summary>
    public bool Shows(string field) => _rules.ContainsKey(field);

    /// <summary>Keeps the server's field errors to show on their fields (validate the form afterwards to show them).</summary>
    public void ShowServerErrors(IReadOnlyDictionary<string, string[]> errors)
    {
        _server.Clear();
        foreach (var (field, messages) in errors)
            if (Shows(field)) _server[field] = new ServerError(messages);
    }

    /// <summary>Messages for fields this form does not show; they belong in the form's general message.</summary>
    public IReadOnlyList<string> ErrorsElsewhere(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Where(e => !Shows(e.Key)).SelectMany(e => e.Value).ToList();

    private IEnumerable<string> ErrorsFor(string field, object? value)
    {
        var domain = CurrentErrors().GetValueOrDefault(field) ?? [];
        if (!_server.TryGetValue(field, out var server)) return domain;

        // The first check after the server answered pins the value the errors were about; a new value drops them.
        if (!server.Pinned) _server[field] = server with { Pinned = true, Value = value };
        else if (!Equals(server.Value, value))
        {
            _server.Remove(field);
            return domain;
        }
        return domain.Concat(server.Messages).Distinct().ToList();
    }

    // One validation per state of the form, not one per field: a form's fields are checked together on every change.
    private IReadOnlyDictionary<string, string[]> CurrentErrors()
    {
        var command = build();
        if (!Equals(command, _checked))
        {
            _checkedErrors = CommandValidation.Errors(command);
            _checked = command;
        }
        return _checkedErrors;
    }

    private sealed record ServerError(string[] Messages, bool Pinned = false, object? Value = null);
}
