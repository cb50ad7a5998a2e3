namespace ExportFlow.Simulation.Model;

/// <summary>How buyers weigh the routes to a restricted node (scenario key <c>routeChoice</c>).</summary>
public enum RouteChoice
{
    /// <summary>v1: route utility from cost and path size only; shares follow the number of routes.</summary>
    Routes,

    /// <summary>
    /// v2: the utility also has ln(C_s / Σ C), the route's source's share of the choice set's capacity, so
    /// shares follow the size of the sources and do not depend on how finely a scenario draws its nodes.
    /// </summary>
    Capacity,
}
