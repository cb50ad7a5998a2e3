using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using ExportFlow.Simulation.Model;
using ExportFlow.Simulation.Random;

namespace ExportFlow.Simulation.Scenarios;

/// <summary>
/// Warnings: a scenario that is valid but almost surely not what its author meant. They never stop a run
/// (<c>validate --strict</c> makes them errors), are printed on standard error before a run or a comparison,
/// and are listed in <c>summary.json</c>.
/// </summary>
/// <remarks>
/// Implementation note: the two checks on flows look at one "median trial": the plan compiled as usual, with
/// every uncertain input (parameter or inline distribution) replaced by its median, run for trial 0 of the
/// scenario's seed. Transit and licence draws stay random, and the baseline and each policy read the same
/// events (common random numbers), so a policy whose median trial equals the baseline's in every outcome
/// changes nothing at the medians. The lognormal warning is given by the parser, where the text is read.
/// </remarks>
public static class ScenarioWarnings
{
    /// <summary>Share of the supply left as final stock above which a warning is given.</summary>
    public const double PiledUpShare = 0.5;

    /// <summary>Adds the warnings of a valid scenario to <paramref name="bag"/>.</summary>
    public static void Check(Scenario scenario, NetworkGraph graph, DiagnosticBag bag)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(bag);
        ResolvedScenario baseline = ResolvedScenario.Resolve(scenario, null);
        RestrictedWithoutDemand(baseline, bag);
        HorizonCapsDrawnPerPeriod(scenario, bag);
        MedianTrial(scenario, graph, bag);
    }

    private static void RestrictedWithoutDemand(ResolvedScenario baseline, DiagnosticBag bag)
    {
        Scenario scenario = baseline.Scenario;
        foreach (Node r in scenario.Nodes.Where(n => n.Kind == NodeKind.Restricted))
        {
            if (baseline.Node(r.Index, AttributeId.IllicitDemand)!.Bounds(baseline.Parameters).High <= 0)
            {
                bag.Warning(r.Location, $"nodes[{r.Index}].illicitDemand",
                    $"restricted node '{r.Id}' has no illicit demand (illicitDemand is missing or 0), so nothing is ever smuggled to it and it shows 0 leakage. Give it illicitDemand ({scenario.QuantityUnit} per {scenario.PeriodUnit}), or make it a market if it only buys legally");
            }
        }
    }

    private static void HorizonCapsDrawnPerPeriod(Scenario scenario, DiagnosticBag bag)
    {
        var parameters = scenario.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var caps = scenario.Caps.Concat(scenario.Policies.SelectMany(p => p.Rules).SelectMany(r => r.Actions).OfType<CapAction>().Select(c => c.Cap));
        foreach (Cap cap in caps)
        {
            if (cap.Per == CapPeriod.Horizon && cap.Amount is ParameterQuantity p && parameters.TryGetValue(p.Name, out Parameter? parameter) && parameter.PerPeriod)
            {
                bag.Warning(cap.Amount.Location, "",
                    $"cap '{cap.Id}' is one quota for the whole horizon (per: horizon), but its amount '{p.Name}' is drawn afresh every period (perPeriod: true); only the first period's draw is used. Make '{p.Name}' a per-trial parameter, or use 'per: period'");
            }
        }
    }

    private static void MedianTrial(Scenario scenario, NetworkGraph graph, DiagnosticBag bag)
    {
        double[]? baseline = SafelyAtMedians(scenario, null, graph, out FlowPlan? plan, out double[]? stock);
        if (baseline is null || plan is null || stock is null)
        {
            return;
        }

        double supplied = baseline[(int)Outcome.Supply] + baseline[(int)Outcome.InitialStock];
        double final = baseline[(int)Outcome.FinalStock];
        if (supplied > 0 && final > PiledUpShare * supplied)
        {
            int most = 0;
            for (int i = 1; i < stock.Length; i++)
            {
                most = stock[i] > stock[most] ? i : most;
            }

            string holder = plan.NodeIds[most];
            Node node = scenario.Nodes.First(n => n.Id == holder);
            bag.Warning(node.Location, $"nodes[{node.Index}]",
                $"at the inputs' medians, {Percent(final / supplied)} of the supply ({Amount(final)} of {Amount(supplied)} {scenario.QuantityUnit}) is still held as stock at the end of the horizon, most of it at '{holder}' ({Amount(stock[most])}): nothing downstream takes it. Add markets or demand for it, or check that demand is per {scenario.PeriodUnit} like supply");
        }

        for (int i = 0; i < scenario.Policies.Count; i++)
        {
            Policy policy = scenario.Policies[i];
            double[]? outcomes = SafelyAtMedians(scenario, policy, graph, out _, out _);
            if (outcomes is not null && outcomes.AsSpan().SequenceEqual(baseline))
            {
                bag.Warning(policy.Location, $"policies[{i}]",
                    $"policy '{policy.Name}' changes no outcome at the inputs' medians (one trial with every uncertain input at its median gives the baseline's numbers exactly). It may act only in the tails, or on nodes and edges that carry no flow; check its selectors and amounts");
            }
        }
    }

    /// <summary>
    /// <see cref="RunAtMedians"/>, or null when anything in it fails. A warning is advice: inputs so extreme that
    /// a median cannot be computed (a PERT spanning 1e308, a gamma of shape 1e-300) or that the median trial
    /// cannot run are reported by the run itself, with their location, so the advice is skipped, never the
    /// validation.
    /// </summary>
#pragma warning disable CA1031 // Advice must never fail validation; see above.
    private static double[]? SafelyAtMedians(Scenario scenario, Policy? policy, NetworkGraph graph, out FlowPlan? plan, out double[]? stock)
    {
        try
        {
            return RunAtMedians(scenario, policy, graph, out plan, out stock);
        }
        catch (Exception)
        {
            plan = null;
            stock = null;
            return null;
        }
    }
#pragma warning restore CA1031

    /// <summary>Outcomes and final stock of the median trial, or null when the medians are not finite or the trial overflows.</summary>
    private static double[]? RunAtMedians(Scenario scenario, Policy? policy, NetworkGraph graph, out FlowPlan? plan, out double[]? stock)
    {
        stock = null;

        // The compiled plan is shared with the run (PlanCompiler caches it): the medians go into a copy.
        plan = PlanCompiler.Compile(scenario, policy, graph).WithDraws();
        for (int d = 0; d < plan.Draws.Length; d++)
        {
            if (plan.Draws[d] is not { } distribution)
            {
                continue;
            }

            double median = distribution.Median;
            if (!double.IsFinite(median))
            {
                return null;
            }

            // uniform(m, m) draws m exactly: the sampler returns min + (max − min)·u.
            var fixedAt = new Distribution(DistributionKind.Uniform, median, median, 0, 0, distribution.Text);
            plan.Draws[d] = fixedAt;
            plan.DrawSamplers[d] = new DrawSampler(fixedAt);
        }

        var state = new TrialState(plan);
        TrialRunner.Run(plan, state, StreamKeys.TrialKey(scenario.Seed, 0));
        foreach (double x in state.Outcomes)
        {
            if (!double.IsFinite(x))
            {
                return null;
            }
        }

        stock = [.. state.Stock];
        return [.. state.Outcomes];
    }

    private static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);

    private static string Amount(double x) => x.ToString("#,0", CultureInfo.InvariantCulture);
}
