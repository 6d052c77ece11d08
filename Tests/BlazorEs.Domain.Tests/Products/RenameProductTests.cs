using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests.Products;

public sealed class RenameProductTests
{
    [Fact]
    public void GivenRegisteredProduct_WhenRenamed_ThenProductRenamedWithTheOldName()
    {
        Product state = Given.ProductState(new ProductRegistered(Given.Sku, "Blue mug", 10m));

        IReadOnlyList<object> events = Product.Decide(state, new RenameProduct(Given.Sku, "Navy mug"));

        Assert.Equal([new ProductRenamed(Given.Sku, "Blue mug", "Navy mug")], events);
    }

    [Fact]
    public void GivenRenamedProduct_WhenRenamedAgain_ThenOldNameIsTheLatestName()
    {
        Product state = Given.ProductState(
            new ProductRegistered(Given.Sku, "Blue mug", 10m),
            new ProductRenamed(Given.Sku, "Blue mug", "Navy mug"));

        IReadOnlyList<object> events = Product.Decide(state, new RenameProduct(Given.Sku, "Teal mug"));

        Assert.Equal([new ProductRenamed(Given.Sku, "Navy mug", "Teal mug")], events);
    }

    [Fact]
    public void GivenRegisteredProduct_WhenRenamedToTheSameName_ThenTheRenameIsStillRecorded()
    {
        Product state = Given.ProductState(new ProductRegistered(Given.Sku, "Blue mug", 10m));

        IReadOnlyList<object> events = Product.Decide(state, new RenameProduct(Given.Sku, "Blue mug"));

        Assert.Equal([new ProductRenamed(Given.Sku, "Blue mug", "Blue mug")], events);
    }

    [Fact]
    public void GivenNoProduct_WhenRenamed_ThenNotFound()
    {
        Then.Refused(
            () => Product.Decide(Given.ProductState(), new RenameProduct(Given.Sku, "Navy mug")),
            DomainErrorKind.NotFound,
            "Product SKU-1 does not exist.");
    }

    [Fact]
    public void GivenDiscontinuedProduct_WhenRenamed_ThenRefused()
    {
        Product state = Given.ProductState(Given.Registered(), new ProductDiscontinued(Given.Sku));

        Then.Refused(
            () => Product.Decide(state, new RenameProduct(Given.Sku, "Navy mug")),
            DomainErrorKind.BusinessRule,
            "Product SKU-1 is discontinued.");
    }

    [Fact]
    public void GivenRegisteredProduct_WhenRenamedToBlank_ThenValidationOnName()
    {
        Then.FieldErrors(new RenameProduct(Given.Sku, ""), "Name");
    }

    [Fact]
    public void GivenNameOf201Characters_WhenValidated_ThenNameError()
    {
        Then.FieldErrors(new RenameProduct(Given.Sku, Given.Text(201)), "Name");
    }

    [Fact]
    public void GivenGoodRename_WhenValidated_ThenNoErrors()
    {
        Then.FieldErrors(new RenameProduct(Given.Sku, "Navy mug"));
    }

    [Fact]
    public void GivenNullFields_WhenValidated_ThenFieldErrorsAndNoException()
    {
        Then.FieldErrors(new RenameProduct(null!, null!), "Sku", "Name");
    }
}
