namespace ExportFlow.Simulation.Model;

/// <summary>Every numeric attribute a node, edge or cap can carry.</summary>
public enum AttributeId
{
    /// <summary>Units entering at a supplier per period. Range: ≥ 0.</summary>
    Supply,

    /// <summary>Legitimate demand per period. Range: ≥ 0, may be infinite.</summary>
    Demand,

    /// <summary>Largest share of accepted legit inflow a source can divert. Range: 0 ≤ d ≤ 1.</summary>
    Diversion,

    /// <summary>Expected sanction per unit caught, in cost units. Range: ≥ 0.</summary>
    Penalty,

    /// <summary>Units per illicit shipment (nodes) or per licence application (edges). Range: &gt; 0.</summary>
    Lot,

    /// <summary>Probability a leaked unit from this source is flagged. Range: 0 ≤ q ≤ 1.</summary>
    Verification,

    /// <summary>Illicit demand of a restricted node per period. Range: ≥ 0.</summary>
    IllicitDemand,

    /// <summary>Cost sensitivity of smugglers, per cost unit. Range: ≥ 0.</summary>
    Beta,

    /// <summary>Price premium buyers pay at the restricted destination, in cost units. Range: ≥ 0.</summary>
    Premium,

    /// <summary>Share of licensed units that replaces smuggling demand. Range: 0 ≤ σ ≤ 1.</summary>
    Substitution,

    /// <summary>Stock held at the start of the horizon. Range: ≥ 0.</summary>
    InitialStock,

    /// <summary>Relative weight of a legit out-edge. Range: ≥ 0.</summary>
    Weight,

    /// <summary>Licence approval probability on a legit edge. Range: 0 ≤ a ≤ 1.</summary>
    Approval,

    /// <summary>Probability a unit on an illicit edge is seized. Range: 0 ≤ p ≤ 1.</summary>
    Detection,

    /// <summary>Smuggling cost per unit on an illicit edge, in cost units. Range: ≥ 0.</summary>
    Cost,

    /// <summary>Amount of a cap, units per period or per horizon. Range: ≥ 0.</summary>
    Amount,

    /// <summary>
    /// Expected sanction per unit of a source that is flagged by location verification after it leaked, in
    /// cost units (model v2). Range: ≥ 0; 0 leaves v1's route cost.
    /// </summary>
    FlagPenalty,

    /// <summary>
    /// Weight η of the newest observation when buyers of a restricted node update their perceived detection
    /// of a route (model v2). Range: 0 &lt; η ≤ 1; absent: buyers know every route's detection (v1).
    /// </summary>
    Learning,
}
