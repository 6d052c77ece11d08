using AngleSharp.Dom;
using Bunit;
using Bunit.Rendering;

namespace BlazorEs.App.Tests.Support;

public static class RenderedExtensions
{
    /// <summary>
    /// Clicks a button that opens a dialog. Its handler only finishes when the dialog closes, so the click is not
    /// awaited; the dialog's element is.
    /// </summary>
    public static async Task<IElement> OpenDialogAsync(this IRenderedComponent<ContainerFragment> cut, string button, string dialog)
    {
        _ = cut.Find(button).ClickAsync(new());
        return await cut.WaitForElementAsync(dialog);
    }

    public static Task TypeAsync(this IRenderedComponent<ContainerFragment> cut, string field, string value) =>
        cut.Find(field).InputAsync(new() { Value = value });

    public static Task SubmitDialogAsync(this IRenderedComponent<ContainerFragment> cut) =>
        cut.Find("[data-testid=dialog-submit]").ClickAsync(new());
}
