using System.Globalization;

namespace ExportFlow.Simulation.Calibration;

/// <summary>
/// An observation's error model p(observed | value), from the evidence file's <c>error:</c> text. The soft bounds
/// (<c>atLeast</c>, <c>atMost</c>, <c>between</c>) are 1 where the bound holds and fall as a normal tail outside,
/// so that a tempered likelihood is never flat zero and the sampler can find its way in.
/// </summary>
/// <param name="Kind">Which model.</param>
/// <param name="Scale">sd (normal), sigma (lognormal) or the tail width (the bounds). Range: &gt; 0, finite.</param>
/// <param name="Low">The lower end of <c>between</c>; unused otherwise.</param>
/// <param name="High">The upper end of <c>between</c>; unused otherwise.</param>
internal sealed record ErrorModel(ErrorKind Kind, double Scale, double Low = 0, double High = 0)
{
    private static readonly double s_logSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>The forms allowed in an evidence file, for messages.</summary>
    public const string Forms = "normal(sd), lognormal(sigma), atLeast(width), atMost(width) or between(lo, hi, width)";

    /// <summary>
    /// log p(<paramref name="observed"/> | <paramref name="value"/>) up to a constant that does not depend on the
    /// value; negative infinity where the observation is impossible (a lognormal error with a value ≤ 0).
    /// </summary>
    public double LogLikelihood(double observed, double value)
    {
        switch (Kind)
        {
            case ErrorKind.Normal:
                double r = (observed - value) / Scale;
                return (-0.5 * r * r) - Math.Log(Scale) - s_logSqrtTwoPi;
            case ErrorKind.LogNormal:
                if (!(value > 0))
                {
                    return double.NegativeInfinity;
                }

                double l = (Math.Log(observed) - Math.Log(value)) / Scale;
                return (-0.5 * l * l) - Math.Log(Scale * observed) - s_logSqrtTwoPi;
            case ErrorKind.AtLeast:
                return value >= observed ? 0 : Tail(observed - value);
            case ErrorKind.AtMost:
                return value <= observed ? 0 : Tail(value - observed);
            default:
                return value < Low ? Tail(Low - value) : value > High ? Tail(value - High) : 0;
        }
    }

    /// <summary>
    /// For <c>normal</c> and <c>lognormal</c>: the probability that the reported figure falls below
    /// <paramref name="observed"/> when the truth is <paramref name="value"/>, Φ((o − y)/sd) or Φ((ln o − ln y)/σ)
    /// (1 for a lognormal error and a value ≤ 0, which the report would put at 0). Not defined for the bounds.
    /// </summary>
    public double ReportedBelow(double observed, double value) => Kind switch
    {
        ErrorKind.Normal => StandardNormalCdf((observed - value) / Scale),
        ErrorKind.LogNormal => value > 0 ? StandardNormalCdf((Math.Log(observed) - Math.Log(value)) / Scale) : 1,
        _ => throw new InvalidOperationException($"{this} is a bound; it has no distribution of reported values"),
    };

    private static double StandardNormalCdf(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>The model as written in an evidence file, e.g. <c>lognormal(0.15)</c>.</summary>
    public override string ToString()
    {
        string s = Scale.ToString("R", CultureInfo.InvariantCulture);
        return Kind switch
        {
            ErrorKind.Normal => $"normal({s})",
            ErrorKind.LogNormal => $"lognormal({s})",
            ErrorKind.AtLeast => $"atLeast({s})",
            ErrorKind.AtMost => $"atMost({s})",
            _ => $"between({Low.ToString("R", CultureInfo.InvariantCulture)}, {High.ToString("R", CultureInfo.InvariantCulture)}, {s})",
        };
    }

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="problem"/> set when it is not a valid error model.</summary>
    public static ErrorModel? TryParse(string text, out string problem)
    {
        problem = "";
        string t = text.Trim();
        int open = t.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !t.EndsWith(')'))
        {
            problem = $"'{text}' is not an error model; write one of {Forms}";
            return null;
        }

        string name = t[..open].Trim();
        string[] parts = t[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries);
        var args = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out args[i]) || !double.IsFinite(args[i]))
            {
                problem = $"'{parts[i]}' in '{text}' is not a finite number";
                return null;
            }
        }

        (ErrorKind kind, int arity, string what)? shape = name switch
        {
            "normal" => (ErrorKind.Normal, 1, "normal(sd): one standard deviation, in the observation's units"),
            "lognormal" => (ErrorKind.LogNormal, 1, "lognormal(sigma): one log-scale standard deviation (0.15 is about ±15%)"),
            "atLeast" => (ErrorKind.AtLeast, 1, "atLeast(width): one tail width, in the observation's units"),
            "atMost" => (ErrorKind.AtMost, 1, "atMost(width): one tail width, in the observation's units"),
            "between" => (ErrorKind.Between, 3, "between(lo, hi, width): the range and a tail width"),
            _ => null,
        };
        if (shape is null)
        {
            problem = $"unknown error model '{name}'; allowed: {Forms}";
            return null;
        }

        var (k, n, description) = shape.Value;
        if (args.Length != n)
        {
            problem = $"'{text}' has {args.Length} argument(s); {description}";
            return null;
        }

        double scale = args[n - 1];
        if (!(scale > 0))
        {
            problem = $"the {(k == ErrorKind.Normal ? "standard deviation" : k == ErrorKind.LogNormal ? "sigma" : "width")} in '{text}' must be greater than 0, got {parts[n - 1]}";
            return null;
        }

        if (k == ErrorKind.Between && !(args[0] <= args[1]))
        {
            problem = $"between(lo, hi, width) needs lo ≤ hi, got lo = {parts[0]} and hi = {parts[1]}";
            return null;
        }

        return k == ErrorKind.Between ? new ErrorModel(k, scale, args[0], args[1]) : new ErrorModel(k, scale);
    }

    private double Tail(double distance)
    {
        double r = distance / Scale;
        return -0.5 * r * r;
    }
}
