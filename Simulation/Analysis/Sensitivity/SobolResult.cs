namespace ExportFlow.Simulation.Analysis.Sensitivity;

/// <summary>Sobol indices of k inputs with bootstrap 95 % percentile intervals.</summary>
/// <param name="FirstOrder">S_i per input (Saltelli 2010): the share of Var(f) explained by input i alone.</param>
/// <param name="TotalOrder">S_Ti per input (Jansen 1999): the share of Var(f) involving input i, interactions included.</param>
/// <param name="Unexplained">1 − Σ S_i: the share left to interactions and, for a stochastic model whose own
/// draws are not among the inputs, to intrinsic noise.</param>
/// <param name="Variance">V, the sample variance of f over A and B together (denominator 2N − 1).</param>
/// <param name="BaseSamples">N, the number of base samples.</param>
/// <param name="Replicates">Number of bootstrap replicates behind the intervals.</param>
public sealed record SobolResult(
    IntervalEstimate[] FirstOrder,
    IntervalEstimate[] TotalOrder,
    IntervalEstimate Unexplained,
    double Variance,
    int BaseSamples,
    int Replicates);
