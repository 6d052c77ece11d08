namespace BlazorEs.Benchmarks.Live;

/// <summary>
/// The JavaScript that takes the times inside the browsers. All times are Date.now(): the machine's wall clock in ms,
/// the same clock in both browser processes and in .NET (DateTime.UtcNow), so times taken in different processes can be
/// subtracted (±1 ms). Each probe leaves a promise in window.__live.done that resolves with the time, or null on timeout.
/// </summary>
public static class PageProbes
{
    /// <summary>Operator page: notes when a click on the dialog's submit button happens (capture phase, before Blazor's handler).</summary>
    public const string InstallClickClock = """
        () => {
          if (window.__live) return;
          window.__live = {};
          window.addEventListener('click', e => {
            if (e.target && e.target.closest && e.target.closest('[data-testid="dialog-submit"]')) window.__live.clicked = Date.now();
          }, true);
        }
        """;

    /// <summary>
    /// Operator page, armed before the click: resolves with the time the dialog left the DOM after the click (the command's
    /// round trip as the operator sees it), -1 if the dialog shows a refusal instead, null on timeout.
    /// </summary>
    public const string ArmDialogClosed = """
        (timeoutMs) => {
          const live = window.__live;
          live.clicked = undefined;
          live.done = new Promise(resolve => {
            let observer;
            const finish = value => { clearTimeout(timer); observer.disconnect(); resolve(value); };
            const timer = setTimeout(() => finish(null), timeoutMs);
            observer = new MutationObserver(() => {
              if (live.clicked === undefined) return;
              if (document.querySelector('[data-testid="command-error"], [data-testid="conflict-alert"]')) finish(-1);
              else if (!document.querySelector('.mud-dialog')) finish(Date.now());
            });
            observer.observe(document.body, { childList: true, subtree: true });
          });
        }
        """;

    /// <summary>
    /// Watching page, armed before the click: resolves with the time the element's text first equals (or contains) the
    /// expected text, from a MutationObserver (runs right after Blazor applied the render batch, before paint); -2 when the
    /// text is already there when armed (a sample that would measure nothing), null on timeout.
    /// </summary>
    public const string ArmTextWatch = """
        ({ selector, expected, exact, timeoutMs }) => {
          const live = window.__live = window.__live || {};
          const matches = () => {
            const element = document.querySelector(selector);
            if (!element) return false;
            const text = element.textContent.trim();
            return exact ? text === expected : text.includes(expected);
          };
          live.done = new Promise(resolve => {
            if (matches()) { resolve(-2); return; }
            let observer;
            const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, timeoutMs);
            observer = new MutationObserver(() => {
              if (!matches()) return;
              const seen = Date.now();
              clearTimeout(timer);
              observer.disconnect();
              resolve(seen);
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
          });
        }
        """;

    public const string Done = "() => window.__live.done";

    public const string Clicked = "() => window.__live.clicked ?? null";
}
