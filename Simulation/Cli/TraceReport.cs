using System.Globalization;
using ExportFlow.Simulation.Compilation;
using ExportFlow.Simulation.Engine;
using Spectre.Console;

namespace ExportFlow.Simulation.Cli;

/// <summary>Prints one replayed trial period by period.</summary>
internal static class TraceReport
{
    public static void Write(IAnsiConsole console, FlowPlan plan, ulong seed, long trial)
    {
        var (state, trace) = MonteCarloRunner.Replay(plan, seed, trial);
        Outcome[] columns = [Outcome.Supply, Outcome.Delivered, Outcome.LicensedToRestricted, Outcome.BlockedByLicence, Outcome.BlockedByCap,
            Outcome.IllicitDemand, Outcome.Substituted, Outcome.Deterred, Outcome.Leaked, Outcome.Interdicted, Outcome.Flagged, Outcome.Unmet];
        var table = new Table().Title($"Trial {trial} of {Markup.Escape(plan.Scenario.Name)} ({Markup.Escape(plan.PolicyName)}), seed {seed}");
        table.AddColumn(plan.Scenario.PeriodUnit);
        foreach (Outcome o in columns)
        {
            table.AddColumn(new TableColumn(o.ToString()).RightAligned());
        }

        table.AddColumn(new TableColumn("stock").RightAligned());
        foreach (PeriodTrace p in trace.Periods)
        {
            table.AddRow([p.Period.ToString(CultureInfo.InvariantCulture), .. columns.Select(o => Format(p.Outcomes[(int)o])), Format(p.StockAtEnd)]);
        }

        table.AddRow(["total", .. columns.Select(o => Format(state.Outcomes[(int)o])), Format(state.Outcomes[(int)Outcome.FinalStock])]);
        console.Write(table);
    }

    private static string Format(double v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
