namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>
/// Fills one point of the 2k-dimensional base design for <see cref="SaltelliDesign.Build"/>: the first
/// k coordinates become row <paramref name="index"/> of matrix A, the last k that row of matrix B.
/// </summary>
/// <param name="index">Base sample index j. Range: 0 ≤ j &lt; N.</param>
/// <param name="point">The 2k coordinates to fill (uniforms, normal scores or values, as the caller's
/// model expects). Must be a pure function of <paramref name="index"/> for a reproducible design.</param>
public delegate void PointGenerator(int index, Span<double> point);
