using System.Security.Claims;
using BlazorEs.App.Auth;
using BlazorEs.Infrastructure.EventStore;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;

namespace BlazorEs.App.Components.Shared;

/// <summary>
/// One grid row's history button and command buttons, drawn by this one component (<see cref="IconButtons"/>) rather
/// than a RowHistoryButton, a RoleGate and a MudIconButton per button: an action the signed-in user's role may take is
/// enabled when the row's state allows it; one it may not is disabled inside a <c>.role-gated</c> span naming the role
/// it needs, as RoleGate draws it, its title saying why. A live patch re-renders every row of the grid: a row whose object is unchanged skips its render.
/// Each button's dialog gets the row; <see cref="Done"/> is raised with what the command wrote.
/// </summary>
public abstract class GridRowActions<TRow> : ComponentBase where TRow : class
{
    private ClaimsPrincipal? _user;
    private (TRow? Row, ClaimsPrincipal? User) _rendered;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    [Parameter, EditorRequired] public TRow Row { get; set; } = null!;

    /// <summary>Raised with what the command wrote, after a dialog succeeded (the page's own method, the same on every render).</summary>
    [Parameter] public EventCallback<CommitResult> Done { get; set; }

    /// <summary>Raised with the row's key when its history button is clicked ("why is this value what it is?", every role); no button without it.</summary>
    [Parameter] public EventCallback<string> OnHistory { get; set; }

    /// <summary>The row's key in its read model (what the history drawer opens).</summary>
    protected abstract string Key { get; }

    protected override async Task OnParametersSetAsync() => _user ??= Authentication is null ? null : (await Authentication).User;

    // Also when the user arrived after the first render (the authentication state not completed yet), as RoleGate would.
    protected override bool ShouldRender() => !ReferenceEquals(_rendered.Row, Row) || !ReferenceEquals(_rendered.User, _user);

    protected override void OnAfterRender(bool firstRender) => _rendered = (Row, _user);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "d-flex justify-end align-center");
        builder.AddAttribute(2, "style", "gap:2px");
        if (OnHistory.HasDelegate) IconButtons.History(builder, 3, this, Key, key => OnHistory.InvokeAsync(key));
        BuildButtons(builder);
        builder.CloseElement();
    }

    /// <summary>The row's buttons, each by <see cref="Button{TDialog}"/> with a region number of its own.</summary>
    protected abstract void BuildButtons(RenderTreeBuilder builder);

    /// <summary>A button opening <typeparamref name="TDialog"/> for the row; <paramref name="possible"/>: the row's state allows the action.</summary>
    protected void Button<TDialog>(RenderTreeBuilder b, int region, string icon, string action, string label, string testId, bool possible,
        string policy = ConsolePolicies.Operate, bool error = false, bool success = false) where TDialog : IComponent
    {
        var allowed = _user is not null && ConsolePolicies.Allows(_user, policy);
#pragma warning disable ASP0006 // the caller's literal, distinct per button: each button is a region of its own
        b.OpenRegion(region);
#pragma warning restore ASP0006
        if (!allowed)
        {
            b.OpenElement(0, "span");
            b.AddAttribute(1, "class", "role-gated");
            b.AddAttribute(2, "data-needs-role", ConsolePolicies.NeededRole(policy));
        }
        IconButtons.Small(b, 3, this, icon, allowed ? action : ConsolePolicies.Refusal(action, policy), label, testId,
            disabled: !allowed || !possible, OpenAsync<TDialog>, error, success);
        if (!allowed) b.CloseElement();
        b.CloseRegion();
    }

    private async Task OpenAsync<TDialog>() where TDialog : IComponent
    {
        var dialog = await Dialogs.ShowAsync<TDialog>(title: null, new DialogParameters { ["Row"] = Row }, CommandDialogs.Options);
        if (await dialog.Result is { Canceled: false, Data: CommitResult commit }) await Done.InvokeAsync(commit);
    }
}
