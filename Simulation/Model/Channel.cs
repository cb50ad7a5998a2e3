namespace ExportFlow.Simulation.Model;

/// <summary>Whether an edge carries licensed trade or smuggled units.</summary>
public enum Channel
{
    /// <summary>Licensed trade; legit edges form a DAG.</summary>
    Legit,

    /// <summary>A smuggling hop; illicit edges leave a hub or reseller.</summary>
    Illicit,
}
