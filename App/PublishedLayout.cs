namespace BlazorEs.App;

/// <summary>
/// A published console (<c>dotnet publish App -o out</c>) keeps its wwwroot next to its dll. Started from elsewhere
/// (<c>dotnet out/BlazorEs.App.dll</c>), the content root would be the working folder: every static asset then answers
/// an empty 200 and the console shows unstyled and never goes live. So a published app roots itself where it lives,
/// unless told otherwise (<c>--contentRoot</c>, which comes later and wins). <c>dotnet run</c> has no wwwroot in its
/// output folder and keeps the project folder.
/// </summary>
internal static class PublishedLayout
{
    public static string[] With(string[] args) =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"))
            ? ["--contentRoot", AppContext.BaseDirectory, .. args]
            : args;
}
