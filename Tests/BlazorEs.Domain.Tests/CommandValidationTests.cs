using System.Runtime.CompilerServices;

using BlazorEs.Domain.Errors;
using BlazorEs.Domain.Products;

namespace BlazorEs.Domain.Tests;

public sealed class CommandValidationTests
{
    public static TheoryData<Type> CommandTypes() =>
        [.. typeof(IWarehouseCommand).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IWarehouseCommand).IsAssignableFrom(t))];

    [Theory]
    [MemberData(nameof(CommandTypes))]
    public void GivenAnyCommandWithEveryFieldNullOrZero_WhenValidated_ThenFieldErrorsAndNoException(Type commandType)
    {
        // Bypasses the constructor, as a deserializer may: every reference is null, every number zero.
        IWarehouseCommand command = (IWarehouseCommand)RuntimeHelpers.GetUninitializedObject(commandType);

        Assert.NotEmpty(CommandValidation.Errors(command));
    }

    [Fact]
    public void GivenInvalidCommand_WhenThrowIfInvalid_ThenValidationErrorCarriesTheFieldsAndTheirMessages()
    {
        DomainException error = Assert.Throws<DomainException>(
            () => CommandValidation.ThrowIfInvalid(new ReceiveStock("sku-1", 0, "PO-1")));

        Assert.Equal(DomainErrorKind.Validation, error.Kind);
        Assert.Equal(["Quantity", "Sku"], error.FieldErrors.Keys.Order(StringComparer.Ordinal));
        Assert.All(error.FieldErrors.Values, messages => Assert.Contains(Assert.Single(messages), error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void GivenValidCommand_WhenThrowIfInvalid_ThenNothingHappens()
    {
        CommandValidation.ThrowIfInvalid(new ReceiveStock(Given.Sku, 1, "PO-1"));
    }

    [Fact]
    public void GivenCommandTypeWithoutFieldRules_WhenValidated_ThenNoErrors()
    {
        Assert.Empty(CommandValidation.Errors(new Unruled()));
    }

    private sealed record Unruled : IWarehouseCommand
    {
        public string PrimaryStream => "unruled-1";
    }
}
