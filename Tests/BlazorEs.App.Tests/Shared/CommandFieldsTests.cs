using BlazorEs.App.Components.Shared;
using BlazorEs.Domain.Products;

namespace BlazorEs.App.Tests.Shared;

public sealed class CommandFieldsTests
{
    [Fact]
    public void AFieldsRule_ReportsTheDomainsMessagesForThatFieldOnly()
    {
        var sku = "bad sku";
        var fields = new CommandFields(() => new RegisterProduct(sku, "", 1m));

        Assert.Equal(["Sku may contain only capital letters A-Z, digits 0-9 and '-'."], fields.Rule<string>("Sku")(sku));
        Assert.Equal(["Name is required."], fields.Rule<string>("Name")(""));
        Assert.Empty(fields.Rule<decimal>("Price")(1m));

        sku = "GOOD-1";
        Assert.Empty(fields.Rule<string>("Sku")(sku));
    }

    [Fact]
    public void ServerErrors_StayOnTheirFieldUntilItsValueChanges()
    {
        var name = "Lamp";
        var fields = new CommandFields(() => new RegisterProduct("LAMP-1", name, 1m));
        var rule = fields.Rule<string>("Name");

        fields.ShowServerErrors(new Dictionary<string, string[]> { ["Name"] = ["Name is taken."] });

        Assert.Equal(["Name is taken."], rule(name));
        Assert.Equal(["Name is taken."], rule(name));
        name = "Desk lamp";
        Assert.Empty(rule(name));
    }

    [Fact]
    public void ServerErrorsForFieldsTheFormDoesNotShow_GoToTheGeneralMessage()
    {
        var fields = new CommandFields(() => new RenameProduct("LAMP-1", "Lamp"));
        _ = fields.Rule<string>("Name");
        var errors = new Dictionary<string, string[]> { ["Sku"] = ["Sku is required."], ["Name"] = ["Name is required."] };

        fields.ShowServerErrors(errors);

        Assert.Equal(["Sku is required."], fields.ErrorsElsewhere(errors));
        Assert.True(fields.Shows("Name"));
        Assert.False(fields.Shows("Sku"));
    }
}
