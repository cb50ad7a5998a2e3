namespace ExportFlow.Simulation.Engine;

/// <summary>How the scenario's inputs (parameter and inline-distribution draws) are sampled across trials.</summary>
public enum SamplingMethod
{
    /// <summary>Keyed pseudo-random uniforms, one stream per event (the default; every number as before).</summary>
    Random,

    /// <summary>Owen-scrambled Sobol points: trial i is point i, each input draw a dimension.</summary>
    Sobol,

    /// <summary>Latin hypercube: in each dimension the trials fall one per stratum of width 1/N.</summary>
    Lhs,
}
