using System.Diagnostics.CodeAnalysis;

namespace ExportFlow.Simulation.Statistics;

/// <summary>Throw sites kept out of the hot <c>Add</c> methods so that those stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void NotFinite(double value, string paramName) =>
        throw new ArgumentOutOfRangeException(paramName, value, "Statistics accept finite values only.");
}
