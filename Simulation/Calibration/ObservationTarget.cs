namespace ExportFlow.Simulation.Calibration;

/// <summary>What an observation observes: one term, or the ratio of two (<c>received[SG] / supply</c>).</summary>
/// <param name="Numerator">The term, or the ratio's numerator.</param>
/// <param name="Denominator">The ratio's denominator, or null.</param>
internal sealed record ObservationTarget(EvidenceTerm Numerator, EvidenceTerm? Denominator)
{
    /// <summary>The target as written.</summary>
    public override string ToString() => Denominator is null ? Numerator.ToString() : $"{Numerator} / {Denominator}";

    /// <summary>Parses <c>term</c> or <c>term / term</c>; null with <paramref name="problem"/> set when it is not one.</summary>
    public static ObservationTarget? TryParse(string text, out string problem)
    {
        string[] parts = text.Split('/');
        if (parts.Length > 2)
        {
            problem = $"'{text}' divides more than once; an observation is one outcome or the ratio of two ('a / b')";
            return null;
        }

        EvidenceTerm? numerator = EvidenceTerm.TryParse(parts[0], out problem);
        if (numerator is null)
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return new ObservationTarget(numerator, null);
        }

        EvidenceTerm? denominator = EvidenceTerm.TryParse(parts[1], out problem);
        return denominator is null ? null : new ObservationTarget(numerator, denominator);
    }
}
