using System.Globalization;
using System.Text.RegularExpressions;
using ExportFlow.Simulation.Model;
using YamlDotNet.RepresentationModel;

namespace ExportFlow.Simulation.Scenarios;

internal sealed partial class ScenarioParser
{
    private static readonly string[] s_distributionNames = ["uniform", "triangular", "pert", "normal", "lognormal", "beta", "gamma"];

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^\s*[A-Za-z_][A-Za-z0-9_]*\s*\([^)]*$")]
    private static partial Regex CutCallPattern();

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\((.*)\)\s*$")]
    private static partial Regex CallPattern();

    // Names of every parameter written in the file, also those whose value has an error: a use of one
    // is not reported again as an unknown parameter, which would point the user to the wrong fix.
    private readonly HashSet<string> _declaredParameters = new(StringComparer.Ordinal);

    private void ParseParameters(YamlNode node)
    {
        if (AsMapping(node, "parameters") is not { } map)
        {
            return;
        }

        foreach (var entry in map.Children)
        {
            if (entry.Key is not YamlScalarNode { Value: { } name })
            {
                Error(entry.Key, "parameters", "parameter names must be plain text");
                continue;
            }

            string path = $"parameters.{name}";
            _declaredParameters.Add(name);
            if (!IdentifierPattern().IsMatch(name) || s_distributionNames.Contains(name))
            {
                Error(entry.Key, path, $"'{name}' is not a valid parameter name; use letters, digits and '_', starting with a letter, and not a distribution name");
                continue;
            }

            YamlNode valueNode = entry.Value;
            bool perPeriod = false, bad = false;
            string description = "";
            double growth = 0;
            double? autocorrelation = null;
            YamlNode? autocorrelationNode = null;
            if (entry.Value is YamlMappingNode pm)
            {
                var keys = ReadKeys(pm, path, ["value", "perPeriod", "description", "growth", "autocorrelation"], $"parameter '{name}'");
                if (!keys.TryGetValue("value", out var v))
                {
                    Error(pm, Join(path, "value"), "missing required key 'value' (a number or a distribution such as pert(0.01, 0.05, 0.2))");
                    continue;
                }

                valueNode = v.Value;
                if (keys.TryGetValue("perPeriod", out var pp))
                {
                    if (pp.Value is YamlScalarNode { Value: "true" or "false" } b)
                    {
                        perPeriod = b.Value == "true";
                    }
                    else
                    {
                        Error(pp.Value, Join(path, "perPeriod"), $"expected true or false, found {Describe(pp.Value)}");
                    }
                }

                description = OptionalString(keys, "description", path) ?? "";
                if (keys.TryGetValue("growth", out var g) && ReadReal(g.Value, Join(path, "growth"), "a growth rate per period greater than −1 (0.02 = +2% a period)") is { } rate)
                {
                    if (rate > -1)
                    {
                        growth = rate;
                    }
                    else
                    {
                        Error(g.Value, Join(path, "growth"), $"growth {Show(rate)} would make the value 0 or negative; allowed: a rate per period greater than −1 (0.02 = +2% a period)");
                        bad = true;
                    }
                }

                if (keys.TryGetValue("autocorrelation", out var ac) && ReadReal(ac.Value, Join(path, "autocorrelation"), "a number from 0 to below 1") is { } rho)
                {
                    if (!(rho >= 0 && rho < 1))
                    {
                        Error(ac.Value, Join(path, "autocorrelation"), $"autocorrelation {Show(rho)} is out of range; allowed: 0 ≤ ρ < 1 (the correlation of one period's normal score with the next)");
                        bad = true;
                    }
                    else if (!perPeriod)
                    {
                        Error(ac.Key, Join(path, "autocorrelation"), $"autocorrelation needs 'perPeriod: true': parameter '{name}' is drawn once per trial, so it has no series to correlate");
                        bad = true;
                    }
                    else
                    {
                        autocorrelation = rho;
                        autocorrelationNode = ac.Key;
                    }
                }
            }

            Quantity? q = ParseQuantity(valueNode, Join(path, "value"), allowParameters: false);
            if (q is LiteralQuantity && autocorrelationNode is not null)
            {
                Error(autocorrelationNode, Join(path, "autocorrelation"), $"autocorrelation needs a distribution: parameter '{name}' is a fixed number");
                bad = true;
            }

            if (q is not null && !bad)
            {
                _parameters[name] = new Parameter(name, q, perPeriod, description, Loc(entry.Key)) { Growth = growth, Autocorrelation = autocorrelation };
            }
        }
    }

    /// <summary>Parses a quantity and checks it against the attribute's domain.</summary>
    private Quantity? ParseAttribute(YamlNode node, string path, AttributeId attribute)
    {
        Quantity? q = ParseQuantity(node, path, allowParameters: true);
        if (q is not null && !CheckDomain(q, attribute, node, path))
        {
            return null;
        }

        return q;
    }

    private bool CheckDomain(Quantity q, AttributeId attribute, YamlNode node, string path)
    {
        string name = AttributeInfo.NameOf(attribute);
        string domain = AttributeInfo.DomainText(attribute);
        switch (q)
        {
            case LiteralQuantity l when !AttributeInfo.InDomain(attribute, l.Value):
                string problem = l.Value < 0 ? "is negative" : "is outside the domain of '" + name + "'";
                Error(node, path, $"{l} {problem}; allowed for '{name}': {domain}");
                return false;
            case DistributionQuantity d when !SupportFits(d.Distribution, attribute):
                Error(node, path, $"{d.Distribution.Text} can take values outside the domain of '{name}' ({domain}); truncate it, for example normal(mean, sd, lower, upper), or choose a distribution whose support fits");
                return false;
            case ParameterQuantity p when _parameters.TryGetValue(p.Name, out Parameter? param):
                if (param.Value is LiteralQuantity pl && !AttributeInfo.InDomain(attribute, pl.Value))
                {
                    Error(node, path, $"parameter '{p.Name}' = {pl} is outside the domain of '{name}'; allowed: {domain}");
                    return false;
                }

                if (param.Value is DistributionQuantity pd && !SupportFits(pd.Distribution, attribute))
                {
                    Error(node, path, $"parameter '{p.Name}' = {pd.Distribution.Text} can take values outside the domain of '{name}' ({domain}); truncate it or choose another distribution");
                    return false;
                }

                return true;
            default:
                return true;
        }
    }

    private static bool SupportFits(Distribution d, AttributeId attribute)
    {
        double low = d.SupportLow, high = d.SupportHigh;
        if (attribute == AttributeId.Lot)
        {
            return low > 0 || (d.StrictlyPositive && low >= 0);
        }

        if (attribute == AttributeId.Learning)
        {
            return (low > 0 || (d.StrictlyPositive && low >= 0)) && high <= 1;
        }

        return low >= AttributeInfo.Lower(attribute) && high <= AttributeInfo.Upper(attribute);
    }

    /// <summary>Parses a literal, a parameter name or an inline distribution.</summary>
    private Quantity? ParseQuantity(YamlNode node, string path, bool allowParameters)
    {
        if (node is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            Error(node, path, $"expected a number{(allowParameters ? ", a parameter name" : "")} or a distribution such as pert(0.01, 0.05, 0.2), found {Describe(node)}");
            return null;
        }

        SourceLocation loc = Loc(node);
        if (TryNumber(text, out double value))
        {
            return new LiteralQuantity(value, loc);
        }

        if (CallPattern().Match(text) is { Success: true } call)
        {
            Distribution? dist = ParseDistribution(call.Groups[1].Value, call.Groups[2].Value, text.Trim(), node, path);
            return dist is null ? null : new DistributionQuantity(dist, loc);
        }

        if (IdentifierPattern().IsMatch(text))
        {
            if (!allowParameters)
            {
                Error(node, path, $"'{text}': a parameter's value must be a number or a distribution, not another parameter");
                return null;
            }

            if (!_parameters.ContainsKey(text))
            {
                if (_declaredParameters.Contains(text))
                {
                    // Declared, but its value has an error of its own, reported where it is declared.
                    return null;
                }

                string? near = KeySuggester.Nearest(text, _parameters.Keys);
                string hint = near is null ? "" : $"; did you mean '{near}'?";
                string known = _parameters.Count == 0 ? "none are declared under 'parameters'" : $"declared: {string.Join(", ", _parameters.Keys)}";
                Error(node, path, $"unknown parameter '{text}'{hint} ({known})");
                return null;
            }

            return new ParameterQuantity(text, loc);
        }

        if (CutCallPattern().IsMatch(text))
        {
            Error(node, path, $"'{text}' looks like a distribution cut short at a comma: inside {{ }} or [ ] a comma ends the value, so quote it, for example \"{text}, …)\"");
            return null;
        }

        Error(node, path, $"cannot read '{text}'; expected a number{(allowParameters ? ", a parameter name" : "")} or a distribution such as pert(0.01, 0.05, 0.2)");
        return null;
    }

    private static bool TryNumber(string text, out double value)
    {
        string t = text.Trim();
        if (t is ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF")
        {
            value = double.PositiveInfinity;
            return true;
        }

        if (t is "-.inf" or "-.Inf" or "-.INF")
        {
            value = double.NegativeInfinity;
            return true;
        }

        return double.TryParse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private Distribution? ParseDistribution(string name, string argText, string text, YamlNode node, string path)
    {
        if (!s_distributionNames.Contains(name))
        {
            string? near = KeySuggester.Nearest(name, s_distributionNames);
            string hint = near is null ? "" : $"; did you mean '{near}'?";
            Error(node, path, $"unknown distribution '{name}'{hint} Allowed: {string.Join(", ", s_distributionNames)}");
            return null;
        }

        var args = new List<double>();
        var names = new List<string?>();
        foreach (string raw in argText.Split(',', StringSplitOptions.TrimEntries))
        {
            string part = raw;
            string? argName = null;
            int eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                argName = raw[..eq].Trim();
                part = raw[(eq + 1)..].Trim();
            }

            if (!TryNumber(part, out double v))
            {
                Error(node, path, $"in {text}: argument '{raw}' is not a finite number; distribution arguments are literal numbers");
                return null;
            }

            args.Add(v);
            names.Add(argName);
        }

        string Usage() => name switch
        {
            "uniform" => "uniform(min, max)",
            "triangular" => "triangular(min, mode, max)",
            "pert" => "pert(min, mode, max)",
            "normal" => "normal(mean, sd) or normal(mean, sd, lower, upper)",
            "lognormal" => "lognormal(mu, sigma) or lognormal(p05=…, p95=…)",
            "beta" => "beta(alpha, beta) or beta(alpha, beta, min, max)",
            _ => "gamma(shape, scale)",
        };

        bool Fail(string what)
        {
            Error(node, path, $"in {text}: {what}; usage: {Usage()}");
            return false;
        }

        int n = args.Count;
        bool named = names.Exists(x => x is not null);
        if (named && !(name == "lognormal" && n == 2 && names[0] == "p05" && names[1] == "p95"))
        {
            Fail("named arguments are only allowed as lognormal(p05=…, p95=…)");
            return null;
        }

        switch (name)
        {
            case "uniform":
                if (n != 2)
                {
                    Fail($"expected 2 arguments, found {n}");
                    return null;
                }

                if (args[0] > args[1])
                {
                    Fail("min must not exceed max");
                    return null;
                }

                return new Distribution(DistributionKind.Uniform, args[0], args[1], 0, 0, text);
            case "triangular":
            case "pert":
                if (n != 3)
                {
                    Fail($"expected 3 arguments, found {n}");
                    return null;
                }

                if (!(args[0] <= args[1] && args[1] <= args[2]) || !(args[0] < args[2]))
                {
                    Fail("needs min ≤ mode ≤ max with min < max");
                    return null;
                }

                return new Distribution(name == "pert" ? DistributionKind.Pert : DistributionKind.Triangular, args[0], args[1], args[2], 0, text);
            case "normal":
                if (n is not (2 or 4))
                {
                    Fail($"expected 2 or 4 arguments, found {n}");
                    return null;
                }

                if (args[1] <= 0)
                {
                    Fail("sd must be greater than 0");
                    return null;
                }

                if (n == 4 && !(args[2] < args[3]))
                {
                    Fail("lower must be less than upper");
                    return null;
                }

                return n == 2
                    ? new Distribution(DistributionKind.Normal, args[0], args[1], double.NegativeInfinity, double.PositiveInfinity, text)
                    : new Distribution(DistributionKind.Normal, args[0], args[1], args[2], args[3], text);
            case "lognormal":
                if (n != 2)
                {
                    Fail($"expected 2 arguments, found {n}");
                    return null;
                }

                if (named)
                {
                    if (!(args[0] > 0 && args[0] < args[1]))
                    {
                        Fail("needs 0 < p05 < p95");
                        return null;
                    }

                    double mu = (Math.Log(args[0]) + Math.Log(args[1])) / 2;
                    double sigma = (Math.Log(args[1]) - Math.Log(args[0])) / 3.2897;
                    return new Distribution(DistributionKind.LogNormal, mu, sigma, 0, 0, text);
                }

                if (args[1] <= 0)
                {
                    Fail("sigma must be greater than 0");
                    return null;
                }

                WarnImplausibleLogNormal(args[0], args[1], text, node, path);
                return new Distribution(DistributionKind.LogNormal, args[0], args[1], 0, 0, text);
            case "beta":
                if (n is not (2 or 4))
                {
                    Fail($"expected 2 or 4 arguments, found {n}");
                    return null;
                }

                if (args[0] <= 0 || args[1] <= 0)
                {
                    Fail("alpha and beta must be greater than 0");
                    return null;
                }

                if (n == 4 && !(args[2] < args[3]))
                {
                    Fail("min must be less than max");
                    return null;
                }

                return n == 2
                    ? new Distribution(DistributionKind.Beta, args[0], args[1], 0, 1, text)
                    : new Distribution(DistributionKind.Beta, args[0], args[1], args[2], args[3], text);
            default:
                if (n != 2)
                {
                    Fail($"expected 2 arguments, found {n}");
                    return null;
                }

                if (args[0] <= 0 || args[1] <= 0)
                {
                    Fail("shape and scale must be greater than 0");
                    return null;
                }

                return new Distribution(DistributionKind.Gamma, args[0], args[1], 0, 0, text);
        }
    }

    /// <summary>
    /// lognormal(mu, sigma) takes the mean and standard deviation of the logarithm. A sigma above 3 (a 90%
    /// range wider than a factor of 19,000) or a mu above 20 (a median above 485 million) is almost surely
    /// a 90% range written without its names.
    /// </summary>
    private void WarnImplausibleLogNormal(double mu, double sigma, string text, YamlNode node, string path)
    {
        if (sigma <= MaxPlausibleLogSigma && mu <= MaxPlausibleLogMu)
        {
            return;
        }

        string median = mu > 709 ? "beyond the largest number a computer holds" : Math.Exp(mu).ToString("G3", CultureInfo.InvariantCulture);
        string fix = mu > 0 && mu < sigma
            ? $"If {Show(mu)} and {Show(sigma)} are the 5th and 95th percentiles, write lognormal(p05={Show(mu)}, p95={Show(sigma)})"
            : "To give a 90% range, write lognormal(p05=…, p95=…)";
        _diagnostics.Warning(Loc(node), path,
            $"{text} is read as mu = {Show(mu)}, sigma = {Show(sigma)}, the mean and standard deviation of the logarithm (median e^mu = {median}); that is almost surely not meant. {fix}");
    }

    private const double MaxPlausibleLogSigma = 3;

    private const double MaxPlausibleLogMu = 20;

    private static string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A finite number written as a scalar, or null after reporting what is expected.</summary>
    private double? ReadReal(YamlNode node, string path, string expected)
    {
        if (node is YamlScalarNode { Value: { } text } && TryNumber(text, out double value))
        {
            return value;
        }

        Error(node, path, $"expected {expected}, found {Describe(node)}");
        return null;
    }

    /// <summary>
    /// <c>correlations:</c> a list of <c>{ between: [a, b], rank: ρ }</c> (model v2). Checks that need every pair
    /// at once (positive definiteness, shared autocorrelation) are made by the validator.
    /// </summary>
    private List<Correlation> ParseCorrelations(YamlNode node)
    {
        List<Correlation> result = [];
        if (AsSequence(node, "correlations") is not { } seq)
        {
            return result;
        }

        var seen = new HashSet<(string, string)>();
        for (int i = 0; i < seq.Children.Count; i++)
        {
            string path = $"correlations[{i}]";
            if (AsMapping(seq.Children[i], path) is not { } map)
            {
                continue;
            }

            var keys = ReadKeys(map, path, ["between", "rank", "description"], "a correlation");
            if (!keys.TryGetValue("between", out var between) || !keys.TryGetValue("rank", out var rankEntry))
            {
                Error(map, path, "a correlation needs 'between: [parameterA, parameterB]' and 'rank: ρ' (the target Spearman correlation, −1 < ρ < 1)");
                continue;
            }

            List<string> names = StringList(between.Value, Join(path, "between"));
            double? rank = ReadReal(rankEntry.Value, Join(path, "rank"), "a rank correlation between −1 and 1 (exclusive)");
            if (names.Count != 2 || names[0] == names[1])
            {
                Error(between.Value, Join(path, "between"), "'between' lists two different parameters, for example [divSg, divMy]");
                continue;
            }

            bool ok = rank is not null;
            foreach (string name in names)
            {
                YamlNode at = ItemNode(between.Value, name);
                if (!_parameters.TryGetValue(name, out Parameter? parameter))
                {
                    if (!_declaredParameters.Contains(name))
                    {
                        string? near = KeySuggester.Nearest(name, _parameters.Keys);
                        Error(at, Join(path, "between"), $"unknown parameter '{name}'{(near is null ? "" : $"; did you mean '{near}'?")} Correlations are between parameters declared under 'parameters'");
                    }

                    ok = false;
                }
                else if (parameter.Value is not DistributionQuantity)
                {
                    Error(at, Join(path, "between"), $"parameter '{name}' is a fixed number; only parameters with a distribution can be correlated");
                    ok = false;
                }
            }

            if (rank is { } r && !(r > -1 && r < 1))
            {
                Error(rankEntry.Value, Join(path, "rank"), $"rank {Show(r)} is out of range; allowed: −1 < ρ < 1 (a perfect correlation is one parameter used twice)");
                ok = false;
            }

            var pair = string.CompareOrdinal(names[0], names[1]) < 0 ? (names[0], names[1]) : (names[1], names[0]);
            if (ok && !seen.Add(pair))
            {
                Error(between.Value, Join(path, "between"), $"the pair {names[0]}, {names[1]} is given twice; give each pair once");
                ok = false;
            }

            if (ok)
            {
                result.Add(new Correlation(names[0], names[1], rank!.Value, Loc(map)));
            }
        }

        return result;
    }
}
