namespace ExportFlow.Simulation.Calibration;

/// <summary>One tempering step of a calibration.</summary>
/// <param name="Gamma">The exponent of the likelihood reached by the step. Range: (0, 1].</param>
/// <param name="Ess">Effective sample size of the reweighted particles before resampling. Range: [1, N].</param>
/// <param name="AcceptanceRate">Share of Metropolis–Hastings proposals accepted in the step's moves. Range: [0, 1].</param>
/// <param name="Moves">Metropolis–Hastings sweeps over the particles in the step.</param>
internal sealed record SmcStep(double Gamma, double Ess, double AcceptanceRate, int Moves);
