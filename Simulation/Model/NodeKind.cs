namespace ExportFlow.Simulation.Model;

/// <summary>The role a node plays in the network (model.md, "The network").</summary>
public enum NodeKind
{
    /// <summary>Where controlled chips enter the network; has a supply per period.</summary>
    Supplier,

    /// <summary>The legitimate end market of a country; has a demand per period.</summary>
    Market,

    /// <summary>A transit and trading country.</summary>
    Hub,

    /// <summary>A distributor, OEM channel, integrator or cloud operator.</summary>
    Reseller,

    /// <summary>A restricted destination with illicit demand.</summary>
    Restricted,
}
