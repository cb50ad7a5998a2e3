namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// One factor of a Sobol design: the inputs whose slot prefixes are swapped together. An independent input is a
/// factor of its own; all members of one correlation (copula) group form one factor.
/// </summary>
/// <param name="Name">The input's name, or <c>group(a, b)</c> for a correlation group.</param>
/// <param name="Inputs">Indices of its inputs in the input list, in input order.</param>
/// <param name="Detail">What the factor is when that is not obvious from its name (a group, an autocorrelated path), else empty.</param>
internal sealed record SensitivityFactor(string Name, int[] Inputs, string Detail);
