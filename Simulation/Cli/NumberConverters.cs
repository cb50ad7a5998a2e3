using System.ComponentModel;
using System.Globalization;
using System.Numerics;

namespace ExportFlow.Simulation.Cli;

// The option converters live together: each is two lines, and they differ only in the type they make.
// StrictOptions has already checked every value (with the option's name in the message) before
// Spectre.Console.Cli calls them, so they only convert.

/// <summary>Converts <c>1e5</c>, <c>100_000</c> or <c>100,000</c> to a whole number of type <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The option's integer type.</typeparam>
internal abstract class WholeNumberConverter<T> : TypeConverter
    where T : struct, INumber<T>
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is string text && NumberText.TryParseWhole(text, out decimal whole))
        {
            try
            {
                return T.CreateChecked(whole);
            }
            catch (OverflowException)
            {
                // Reported below as a value out of range.
            }
        }

        throw new FormatException($"'{value}' is not a whole number in the allowed range");
    }
}

/// <summary>Whole numbers for <see cref="long"/> options.</summary>
internal sealed class Int64OptionConverter : WholeNumberConverter<long>;

/// <summary>Whole numbers for <see cref="int"/> options.</summary>
internal sealed class Int32OptionConverter : WholeNumberConverter<int>;

/// <summary>Whole numbers for <see cref="ulong"/> options (seeds).</summary>
internal sealed class UInt64OptionConverter : WholeNumberConverter<ulong>;

/// <summary>Finite numbers with optional digit-group separators for <see cref="double"/> options.</summary>
internal sealed class RealOptionConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text && NumberText.TryParseReal(text, out double number)
            ? number
            : throw new FormatException($"'{value}' is not a finite number");
}
