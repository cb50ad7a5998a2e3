namespace ExportFlow.Simulation.Engine;

/// <summary>The scalar outcomes of one trial, each a total over the horizon in quantity units.</summary>
public enum Outcome
{
    /// <summary>Units that reached a restricted destination illicitly.</summary>
    Leaked,

    /// <summary>Units seized in transit.</summary>
    Interdicted,

    /// <summary>Leaked units flagged by location verification (still leaked).</summary>
    Flagged,

    /// <summary>Illicit demand met by licensed substitutes instead.</summary>
    Substituted,

    /// <summary>Illicit demand that stayed out because of cost against the premium.</summary>
    Deterred,

    /// <summary>Illicit demand that found no capacity.</summary>
    Unmet,

    /// <summary>Illicit demand before substitution and deterrence.</summary>
    IllicitDemand,

    /// <summary>Units sold to legitimate demand.</summary>
    Delivered,

    /// <summary>Legit units consumed by restricted nodes (licensed exports).</summary>
    LicensedToRestricted,

    /// <summary>Units refused a licence.</summary>
    BlockedByLicence,

    /// <summary>Units refused by a quantity cap.</summary>
    BlockedByCap,

    /// <summary>Stock held at the end of the horizon.</summary>
    FinalStock,

    /// <summary>Units that entered at suppliers.</summary>
    Supply,

    /// <summary>Stock held at the start of the horizon.</summary>
    InitialStock,
}
