namespace ExportFlow.Simulation.Compilation;

/// <summary>What the route search found, counted without building the routes (see <see cref="NetworkGraph.CountRoutes"/>).</summary>
/// <param name="Routes">Routes found: at most the limit + 1, where the search stops.</param>
/// <param name="RouteEdges">Route-edge incidences: the edges of all routes found, added up.</param>
/// <param name="KeyChars">Characters of all route keys (edge ids joined by '>') found.</param>
/// <param name="Steps">Steps the search took (out-edges examined and edges scanned for distances).</param>
/// <param name="StepLimitReached">Whether the search stopped at its step budget before it was done.</param>
public sealed record RouteCensus(int Routes, long RouteEdges, long KeyChars, long Steps, bool StepLimitReached);
