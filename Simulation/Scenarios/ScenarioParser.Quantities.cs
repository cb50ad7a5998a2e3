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
            bool perPeriod = false;
            string description = "";
            if (entry.Value is YamlMappingNode pm)
            {
                var keys = ReadKeys(pm, path, ["value", "perPeriod", "description"], $"parameter '{name}'");
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
            }

            Quantity? q = ParseQuantity(valueNode, Join(path, "value"), allowParameters: false);
            if (q is not null)
            {
                _parameters[name] = new Parameter(name, q, perPeriod, description, Loc(entry.Key));
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
}
