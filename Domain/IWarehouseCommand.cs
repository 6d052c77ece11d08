namespace BlazorEs.Domain;

/// <summary>Marks the commands of the warehouse; the command pipeline routes every one of them.</summary>
public interface IWarehouseCommand;
