using ExportFlow.Simulation.Model;

namespace ExportFlow.Simulation.Compilation;

/// <summary>
/// Parameters drawn through normal scores (model v2): each set of parameters linked by <c>correlations:</c>
/// is one group with the Cholesky factor L of its Pearson matrix R_ab = 2·sin(π·ρ_ab/6); an autocorrelated
/// parameter without correlations is a group of one (L = [1]).
/// </summary>
/// <param name="Groups">The groups, in the order of their first parameter in the file.</param>
/// <param name="Problems">What makes the correlations unusable, each with where to report it and the parameters it names.</param>
public sealed record CopulaGroups(IReadOnlyList<CopulaGroup> Groups, IReadOnlyList<(SourceLocation Location, string Message)> Problems)
{
    /// <summary>Groups the scenario's correlated and autocorrelated parameters and checks them.</summary>
    public static CopulaGroups Of(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var parameters = scenario.Parameters.Where(p => p.Value is DistributionQuantity).ToList();
        var index = parameters.Select((p, i) => (p.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var parent = Enumerable.Range(0, parameters.Count).ToArray();
        int Find(int x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        // A rank of 0 links nothing and an autocorrelation of 0 moves nothing: such parameters keep v1's samplers.
        var usable = scenario.Correlations.Where(c => c.Rank != 0 && index.ContainsKey(c.First) && index.ContainsKey(c.Second)).ToList();
        foreach (Correlation c in usable)
        {
            parent[Find(index[c.First])] = Find(index[c.Second]);
        }

        var groups = new List<CopulaGroup>();
        var problems = new List<(SourceLocation, string)>();
        var members = Enumerable.Range(0, parameters.Count).GroupBy(Find).Select(g => g.Order().ToArray()).OrderBy(g => g[0]);
        foreach (int[] group in members)
        {
            Parameter[] ps = [.. group.Select(i => parameters[i])];
            var pairs = usable.Where(c => group.Contains(index[c.First])).ToList();
            if (ps.Length == 1 && (ps[0].Autocorrelation ?? 0) == 0)
            {
                continue;
            }

            string names = string.Join(", ", ps.Select(p => p.Name));
            SourceLocation at = pairs.Count > 0 ? pairs[0].Location : ps[0].Location;
            if (ps.Any(p => p.PerPeriod) && !ps.All(p => p.PerPeriod))
            {
                string perTrial = string.Join(", ", ps.Where(p => !p.PerPeriod).Select(p => p.Name));
                string perPeriod = string.Join(", ", ps.Where(p => p.PerPeriod).Select(p => p.Name));
                problems.Add((at, $"correlations link per-trial parameters ({perTrial}) with per-period ones ({perPeriod}); a parameter drawn once per trial cannot be correlated with one drawn every period. Make them all per trial or all per period"));
                continue;
            }

            double rho = ps[0].Autocorrelation ?? 0;
            if (ps.Any(p => (p.Autocorrelation ?? 0) != rho))
            {
                string each = string.Join(", ", ps.Select(p => $"{p.Name} {p.Autocorrelation ?? 0}"));
                problems.Add((at, $"correlated per-period parameters must share one autocorrelation, but {each}; give them the same 'autocorrelation'"));
                continue;
            }

            int n = ps.Length;
            var r = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                r[i, i] = 1;
            }

            foreach (Correlation c in pairs)
            {
                int a = Array.IndexOf(group, index[c.First]), b = Array.IndexOf(group, index[c.Second]);
                r[a, b] = r[b, a] = 2 * Math.Sin(Math.PI * c.Rank / 6);
            }

            if (Cholesky(r) is not { } lower)
            {
                problems.Add((at, $"the correlations between {names} are not possible together (their correlation matrix is not positive definite); weaken one of them, for example the pair whose sign contradicts the others"));
                continue;
            }

            groups.Add(new CopulaGroup([.. ps.Select(p => p.Name)], lower, ps[0].PerPeriod, rho));
        }

        return new CopulaGroups(groups, problems);
    }

    /// <summary>The lower-triangular L with L·Lᵀ = R, row by row (n(n+1)/2 values), or null when R is not positive definite.</summary>
    public static double[]? Cholesky(double[,] r)
    {
        ArgumentNullException.ThrowIfNull(r);
        int n = r.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = r[i, j];
                for (int k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }

                if (i == j)
                {
                    // A tolerance keeps near-singular matrices out: their factor would amplify rounding.
                    if (!(sum > 1e-10))
                    {
                        return null;
                    }

                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }

        var packed = new double[n * (n + 1) / 2];
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                packed[at++] = l[i, j];
            }
        }

        return packed;
    }
}
