using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// A scenario plus one policy compiled into flat arrays: nodes in topological order, legit edges in
/// CSR form, the route table, value programs and pre-hashed event keys. Built once per run and
/// read-only while trials run; the hot loop reads nothing else.
/// </summary>
/// <remarks>
/// Implementation note: fields rather than properties, because the engine indexes them millions of
/// times per second and the plan is internal. Index spaces: "position" p is a node's place in
/// topological order; legit edges are numbered in CSR order (by tail position, then file order);
/// illicit edges, routes, sources, restricted nodes and countries have indices of their own, all
/// identical under every policy of a scenario.
/// </remarks>
internal sealed class FlowPlan
{
    /// <summary>How long compiling this plan took (whoever asked first: validation's median trial, or the run); for <c>exportflow bench</c>.</summary>
    public TimeSpan BuildTime;

    /// <summary>A copy sharing every array but <see cref="Draws"/> and <see cref="DrawSamplers"/>, which are copied so they can be changed.</summary>
    public FlowPlan WithDraws()
    {
        var copy = (FlowPlan)MemberwiseClone();
        copy.Draws = (Distribution?[])Draws.Clone();
        copy.DrawSamplers = (DrawSampler?[])DrawSamplers.Clone();
        return copy;
    }

    // Identity.
    public required Scenario Scenario;
    public required string PolicyName;
    public required int Periods;

    // Random draws: parameters and inline distributions. Kind -1 marks a literal that needs no draw.
    public required Distribution?[] Draws;

    /// <summary>A prepared sampler per entry of <see cref="Draws"/> (null where it is null).</summary>
    public required DrawSampler?[] DrawSamplers;
    public required ulong[] DrawKeys;
    public required bool[] DrawPerPeriod;
    public required int[] TrialDraws;
    public required int[] PeriodDraws;

    // Model v2: parameters drawn through normal scores (correlated or autocorrelated), group by group:
    // ε = Φ⁻¹(u) from each member's slot, x = L·ε, z_t = ρ·z_(t−1) + √(1 − ρ²)·x, value = F⁻¹(Φ(z)).
    public required int[] ScoreGroupStart;      // CSR over ScoreGroupDraws, length groups + 1
    public required int[] ScoreGroupDraws;
    public required int[] ScoreGroupLowerStart; // CSR over ScoreGroupLower (lower triangle row by row)
    public required double[] ScoreGroupLower;
    public required double[] ScoreGroupRho;
    public required int[] TrialScoreGroups;
    public required int[] PeriodScoreGroups;

    // Model v2: draws with growth; the value in period t is the draw times GrowthFactor[i·(T + 1) + t] = (1 + g)^(t − 1).
    public required int[] GrowthDraws;
    public required double[] GrowthFactor;

    // Value programs: value k = clamp(base then operations). Static values are pre-evaluated.
    public required double[] StaticValues;
    public required int[] TrialPrograms;
    public required int[] PeriodPrograms;
    public required int[] ProgramBaseDraw;      // -1: use ProgramBaseConst
    public required double[] ProgramBaseConst;
    public required int[] ProgramOpStart;       // CSR over operations, length programs + 1
    public required RuleOperation[] OpKind;
    public required int[] OpDraw;               // -1: use OpConst
    public required double[] OpConst;
    public required int[] OpFrom;               // first period an operation applies (1 for v1)
    public required int[] OpUntil;              // last period, inclusive (int.MaxValue: to the end)
    public required bool HasWindows;            // some operation or cap applies in only some periods
    public required double[] ProgramLow;
    public required double[] ProgramHigh;

    // Nodes by topological position.
    public required int NodeCount;
    public required string[] NodeIds;
    public required NodeKind[] NodeKinds;
    public required int[] NodeCountry;
    public required int[] SupplyV;              // -1: none
    public required int[] DemandV;              // -1: no demand
    public required int[] InitialStockV;        // -1: none
    public required int[] SourceOf;             // source index or -1
    public required int[] RestrictedOf;         // restricted index or -1
    public required int[] NominalNodes;         // positions the nominal sweep visits, in order: what a source, a substituting restricted node or a licence depends on
    public required int[] OutStart;             // legit out-edges CSR, length NodeCount + 1
    public required int[] InStart;              // legit in-edges CSR, length NodeCount + 1
    public required int[] InEdges;

    // Legit edges in CSR order.
    public required int LegitEdgeCount;
    public required string[] LegitEdgeIds;
    public required int[] EdgeHead;
    public required int[] EdgeWeightV;
    public required int[] EdgeApprovalV;
    public required int[] EdgeLotV;
    public required bool[] EdgeIsImport;
    public required bool[] EdgeFromSupplier;
    public required int[] EdgeBilledCountry;
    public required ulong[] EdgeLicenceKey;
    public required ulong[] EdgeLicenceFracKey;

    // Cap quotas and the quotas on each node, in cap file order.
    public required int QuotaCount;
    public required int[] QuotaAmountV;
    public required bool[] QuotaPerHorizon;
    public required int[] QuotaFrom;            // first period the quota applies (a per-horizon quota starts full then)
    public required int[] QuotaUntil;           // last period, inclusive
    public required bool[] QuotaAmountTimed;    // the amount has an operation of a timed rule (v2)
    public required bool[] QuotaImportsOnly;
    public required int[] NodeQuotaStart;
    public required int[] NodeQuotas;

    // Illicit edges (file order among illicit edges).
    public required int IllicitEdgeCount;
    public required string[] IllicitEdgeIds;
    public required int[] DetectionV;
    public required int[] CostV;

    // Sources: hubs and resellers that start at least one route (file order).
    public required int SourceCount;
    public required int[] SourcePosition;
    public required int[] SourceCountry;
    public required int[] DiversionV;
    public required int[] PenaltyV;
    public required int[] SourceLotV;
    public required int[] VerificationV;
    public required int[] FlagPenaltyV;         // -1: no flag penalty (v1's route cost)

    // Restricted nodes (file order) with their routes and the sources serving them.
    public required int RestrictedCount;
    public required int[] RestrictedPosition;
    public required int[] IllicitDemandV;
    public required int[] BetaV;
    public required int[] PremiumV;             // -1: no premium
    public required int[] SubstitutionV;
    public required int[] LearningV;            // -1: buyers know every route's detection (v1)
    public required bool AnyLearning;
    public required bool CapacityChoice;        // routeChoice: capacity
    public required int[] RestrictedRouteStart;
    public required int[] RestrictedRoutes;
    public required int[] RestrictedSourceStart;
    public required int[] RestrictedSources;

    // Routes in enumeration order.
    public required int RouteCount;
    public required string[] RouteKeys;
    public required int[] RouteSource;
    public required int[] RouteRestricted;
    public required int[] RouteEdgeStart;
    public required int[] RouteEdges;           // illicit edge indices
    public required int[] RouteCountryStart;
    public required int[] RouteCountries;       // distinct countries of the route's nodes except the restricted one
    public required ulong[] RouteTransitKey;
    public required ulong[] RouteTransitFracKey;
    public required ulong[] RouteFlagKey;
    public required ulong[] RouteFlagFracKey;

    // Countries (sorted codes).
    public required string[] Countries;

    /// <summary>Number of value programs (and values).</summary>
    public int ValueCount => StaticValues.Length;
}
