using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// One calibrated input: a per-trial parameter or inline distribution (a fixed but unknown quantity). Its value in a
/// particle is F⁻¹(Φ(z)) with z its normal score; inputs of one correlation group get z = L·ε from the group's
/// Cholesky factor, so that the prior on ε is independent standard normal.
/// </summary>
/// <param name="Name">The parameter's name, or <c>owner.attribute</c> for an inline distribution.</param>
/// <param name="Key">Hash of the draw's slot (the plans' <c>DrawKeys</c> entry): the same input in every policy's plan.</param>
/// <param name="Distribution">Its prior.</param>
internal sealed record CalibrationInput(string Name, ulong Key, Distribution Distribution);
