using System.Runtime.CompilerServices;
using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// One value per (scenario, policy) pair, built on first use and kept while the scenario lives: the resolved
/// scenario and the compiled plan. Validation resolves every policy and compiles the baseline (for the
/// median-trial warnings); a run then compiles the same baseline again. Both are pure functions of the
/// (immutable) scenario and policy, so the second call returns the first result instead of building it again.
/// </summary>
/// <remarks>
/// Implementation note: keys are compared by reference (a scenario loaded twice is two scenarios) and held
/// weakly (<see cref="ConditionalWeakTable{TKey, TValue}"/>), so nothing outlives its scenario. Callers must
/// treat what they get as read-only; a variant (ScenarioWarnings' plan at the medians) is a copy.
/// </remarks>
internal static class PerScenarioCache<T>
    where T : class
{
    private static readonly ConditionalWeakTable<Scenario, Entry> Table = new();

    /// <summary>The value for (<paramref name="scenario"/>, <paramref name="policy"/>), made by <paramref name="make"/> the first time.</summary>
    public static T GetOrAdd(Scenario scenario, Policy? policy, Func<T> make)
    {
        Entry entry = Table.GetValue(scenario, _ => new Entry());
        lock (entry)
        {
            if (policy is null)
            {
                return entry.Baseline ??= make();
            }

            if (!entry.ByPolicy.TryGetValue(policy, out T? value))
            {
                value = make();
                entry.ByPolicy.Add(policy, value);
            }

            return value;
        }
    }

    private sealed class Entry
    {
        public T? Baseline;
        public readonly ConditionalWeakTable<Policy, T> ByPolicy = new();
    }
}
