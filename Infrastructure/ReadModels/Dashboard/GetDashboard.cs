using BlazorEs.Infrastructure.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace BlazorEs.Infrastructure.ReadModels.Dashboard;

/// <summary>The live dashboard figures.</summary>
public sealed record GetDashboard : IQuery<DashboardView>;

public sealed class GetDashboardHandler(StoreContextFactory factory, ReadModelCache cache, TimeProvider clock) : IQueryHandler<GetDashboard, DashboardView>
{
    public async ValueTask<DashboardView> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hour = now.ToString(DashboardKeys.HourFormat, System.Globalization.CultureInfo.InvariantCulture);
        return await cache.GetOrAddAsync(DashboardFiguresProjection.ProjectionName, "dashboard@" + hour, async () =>
        {
            var (firstHour, firstDay) = DashboardView.Window(now);
            await using var db = factory.CreateContext();
            var rows = await db.Set<DashboardFigure>("DashboardFigures").AsNoTracking()
                .Where(f => f.Key.StartsWith("orders:") || f.Key.StartsWith("revenue:") || f.Key.StartsWith("stock:") || f.Key == DashboardKeys.EventsTotal
                            || (f.Key.StartsWith(DashboardKeys.HourPrefix) && string.Compare(f.Key, firstHour) >= 0)
                            || (f.Key.StartsWith(DashboardKeys.DayPrefix) && string.Compare(f.Key, firstDay) >= 0))
                .ToListAsync(cancellationToken);
            return DashboardView.From(rows, now);
        });
    }
}
