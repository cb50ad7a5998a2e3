using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>One uncertain input of a sensitivity analysis: a named parameter or an inline distribution of the compiled plan.</summary>
/// <param name="Name">The parameter's name, or <c>owner.attribute</c> for an inline distribution.</param>
/// <param name="Key">Hash of the draw's slot (<c>p:&lt;param&gt;</c> or <c>a:&lt;owner&gt;.&lt;attr&gt;</c>), the plan's <c>DrawKeys</c> entry.</param>
/// <param name="Distribution">The input's distribution (as compiled in the first plan that draws it).</param>
/// <param name="PerPeriod">Whether it is drawn anew every period (one input for its whole series).</param>
/// <param name="Correlated">Whether it is drawn through normal scores (a correlation or autocorrelation group).</param>
internal sealed record SensitivityInput(string Name, ulong Key, Distribution Distribution, bool PerPeriod, bool Correlated);
