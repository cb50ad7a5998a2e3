using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Compilation;

/// <summary>One policy operation on an attribute, applied in the periods <paramref name="From"/>..<paramref name="Until"/>.</summary>
/// <param name="Operation">Set, scale or add.</param>
/// <param name="Operand">The operand.</param>
/// <param name="From">First period (1-based).</param>
/// <param name="Until">Last period, inclusive (<see cref="int.MaxValue"/>: to the end).</param>
public readonly record struct PolicyOperation(RuleOperation Operation, Quantity Operand, int From, int Until)
{
    /// <summary>True when the operation applies in every period of a horizon of <paramref name="periods"/> periods.</summary>
    public bool Always(int periods) => From <= 1 && Until >= periods;
}
