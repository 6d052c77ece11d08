using static System.FormattableString;

namespace BlazorEs.Infrastructure.Seeding;

/// <summary>A product the demo warehouse sells: how popular it is and how many a customer takes at most per line.</summary>
internal sealed record DemoProduct(string Sku, string Name, decimal Price, double Popularity, int MaxQuantity, string? LaterName = null);

/// <summary>The fixed cast of the demo history: products, customers, carriers and the words people use.</summary>
internal static class DemoCatalog
{
    /// <summary>In catalog order; a smaller history takes the first few (<see cref="Take"/>), and its last two are introduced later.</summary>
    public static IReadOnlyList<DemoProduct> Products { get; } =
    [
        new("BOLT-M8", "Hex bolt M8 x 40 mm, zinc plated (box of 50)", 8.90m, 3.0, 12),
        new("NUT-M8", "Hex nut M8, zinc plated (box of 100)", 4.20m, 2.8, 12),
        new("WASHER-M8", "Flat washer M8 (box of 200)", 3.10m, 2.5, 12, "Flat washer M8, DIN 125 (box of 200)"),
        new("GLOVE-NIT-L", "Nitrile gloves, size L (box of 100)", 12.90m, 2.4, 8),
        new("TAPE-DUCT-50", "Duct tape 50 mm x 50 m, silver", 7.90m, 1.9, 8, "Duct tape 50 mm x 50 m, silver, cloth reinforced"),
        new("LED-GU10-5W", "LED lamp GU10 5 W, warm white", 3.20m, 1.6, 20),
        new("BOLT-M10", "Hex bolt M10 x 60 mm, zinc plated (box of 25)", 11.40m, 2.2, 10),
        new("NUT-M10", "Hex nut M10, zinc plated (box of 100)", 5.60m, 2.0, 10),
        new("SCREW-WOOD-4X40", "Wood screw 4 x 40 mm, Pozi (box of 200)", 6.75m, 2.6, 10),
        new("SCREW-DRY-35", "Drywall screw 3.5 x 35 mm (box of 1000)", 14.90m, 1.8, 6),
        new("ANCHOR-NYL-8", "Nylon wall plug 8 mm (bag of 100)", 5.30m, 2.0, 10),
        new("DRILL-HSS-6", "HSS drill bit 6 mm", 3.80m, 1.6, 10),
        new("DRILL-SDS-10", "SDS-plus masonry bit 10 x 160 mm", 6.90m, 1.3, 6),
        new("HAMMER-CLAW-450", "Claw hammer 450 g, fibreglass handle", 18.50m, 0.8, 3),
        new("WRENCH-ADJ-250", "Adjustable wrench 250 mm", 16.90m, 0.7, 3),
        new("PLIERS-COMBI-180", "Combination pliers 180 mm", 12.40m, 0.7, 3),
        new("SDRIVER-SET-6", "Screwdriver set, 6 pieces", 21.00m, 0.6, 3, "Screwdriver set, 6 pieces, insulated VDE"),
        new("LEVEL-600", "Spirit level 600 mm", 24.90m, 0.5, 2),
        new("TAPE-MEAS-5M", "Tape measure 5 m", 9.80m, 1.0, 4),
        new("KNIFE-UTIL", "Retractable utility knife", 7.20m, 0.9, 4),
        new("BLADE-UTIL-10", "Utility knife blades (pack of 10)", 3.40m, 1.7, 10),
        new("GLOVE-WORK-XL", "Leather work gloves, size XL", 6.50m, 1.5, 10),
        new("GOGGLES-CLR", "Safety goggles, clear", 5.90m, 1.0, 6, "Safety goggles, clear, anti-fog, EN 166"),
        new("HELMET-WHT", "Safety helmet, white", 11.80m, 0.6, 4),
        new("EARPLUG-200", "Foam earplugs (dispenser of 200 pairs)", 29.00m, 0.5, 2),
        new("VEST-HV-L", "High-visibility vest, size L", 4.60m, 1.1, 10),
        new("TAPE-PTFE-12", "PTFE thread seal tape 12 mm", 0.95m, 1.4, 20),
        new("TIE-CABLE-300", "Cable ties 4.8 x 300 mm (bag of 100)", 4.90m, 2.1, 10),
        new("CABLE-3G15-50", "Installation cable 3G1.5 mm², 50 m coil", 64.00m, 0.5, 2),
        new("SOCKET-2G", "Double socket outlet, white", 8.40m, 0.9, 6),
        new("BATT-AA-24", "Alkaline batteries AA (pack of 24)", 13.50m, 1.3, 6),
        new("TORCH-LED-300", "LED torch 300 lm, rechargeable", 27.50m, 0.5, 2),
        new("SEAL-SIL-CLR", "Silicone sealant, clear, 300 ml", 6.30m, 1.4, 8),
        new("GLUE-PVA-1L", "PVA wood glue 1 l", 9.90m, 0.8, 4),
        new("ROLLER-230", "Paint roller 230 mm with frame", 8.70m, 0.7, 4),
        new("PAINT-WHT-10L", "Interior wall paint, white, 10 l", 49.00m, 0.6, 3),
        new("LADDER-3STEP", "Aluminium step ladder, 3 steps", 54.00m, 0.3, 1),
        new("PALLET-WRAP", "Stretch film 500 mm x 300 m", 17.80m, 0.8, 6),
    ];

    /// <summary>
    /// The first <paramref name="count"/> products: the catalog's, then made-up ones (a benchmark wants thousands), whose
    /// figures come from their number so that they take nothing from the history's Random.
    /// </summary>
    public static IReadOnlyList<DemoProduct> Take(int count) =>
        [.. Products.Take(count), .. Enumerable.Range(Products.Count, Math.Max(0, count - Products.Count)).Select(MadeUp)];

    private static DemoProduct MadeUp(int index)
    {
        var spread = (int)((uint)(index * 2_654_435_761L) % 1000); // Knuth's multiplicative hash: an even spread over 0-999
        return new DemoProduct(
            Invariant($"SKU-{index + 1:D6}"), Invariant($"Product {index + 1}"), 1m + spread / 5m, 0.3 + spread / 400.0, 1 + spread % 10);
    }

    public static IReadOnlyList<string> Customers { get; } =
    [
        "Northwind Builders", "Acme Fabrication", "Harbour Joinery", "Brightline Electrical", "Oakridge Property Services",
        "Delta Plumbing & Heating", "Summit Scaffolding", "Greenfield Landscapes", "Riverside Facilities", "Keystone Renovations",
        "Maple Street Hardware", "Ironclad Welding", "Bluewater Marine", "Pioneer Shopfitting", "Crescent Interiors",
        "Atlas Roofing", "Evergreen Schools Trust", "Lakeside Hotel Group", "Metro Transit Depot", "Sterling Workshops",
        "Cobalt Data Centres", "Foxglove Garden Centre", "Granite City Council", "Horizon Events", "Juniper Care Homes",
        "Kingfisher Boatyard", "Lighthouse Theatre", "Meadow Farm Supplies", "Nimbus Solar", "Orchard Cold Storage",
        "Parkside Dental", "Quarry Lane Motors", "Redwood Furniture", "Silverline Couriers", "Thornbury Estates",
        "Union Street Bakery", "Vale Sports Club", "Westgate Shopping Centre", "Yardley Print Works", "Zenith Labs",
    ];

    public static IReadOnlyList<string> Carriers { get; } = ["DHL", "UPS", "DPD", "GLS", "PostNL"];

    public static IReadOnlyList<string> CustomerCancellations { get; } =
    [
        "Customer changed their mind", "Ordered by mistake", "Duplicate order", "Customer found it cheaper elsewhere",
        "Delivery date too late for the customer",
    ];

    public static IReadOnlyList<string> PaidCancellations { get; } =
    [
        "Customer cancelled after payment; refund issued", "Project postponed by customer; refund issued",
        "Wrong items ordered; refund issued",
    ];

    public const string UnpaidCancellation = "Payment not received within 7 days";

    public static IReadOnlyList<string> LossReasons { get; } =
    [
        "Damaged in handling", "Cycle count: fewer on the shelf than recorded", "Water damage, written off",
        "Sample sent to a customer", "Packaging defect, returned to supplier",
    ];

    public static IReadOnlyList<string> GainReasons { get; } =
    [
        "Cycle count: more on the shelf than recorded", "Found during re-slotting", "Customer return, resaleable",
    ];

    public const string DiscontinuedWriteOff = "Discontinued: remaining stock written off";
}
