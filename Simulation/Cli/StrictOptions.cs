using System.Globalization;
using System.Reflection;
using ExportFlow.Simulation.Scenarios;
using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>
/// Checks a command line against the options its command declares before Spectre.Console.Cli binds it:
/// an unknown option is an error that suggests the closest valid one, an option that needs a value must
/// have one, and a number option's value must be a number in its range ("--trials must be a whole number
/// ≥ 1, got 'abc'"). Spectre's own strict parsing stays on behind it.
/// </summary>
internal static class StrictOptions
{
    private static readonly string[] s_globalOptions = ["-h", "--help", "-v", "--version"];

    /// <summary>What is wrong with <paramref name="args"/>, or null when every option is known and well formed.</summary>
    /// <param name="args">The command line after the program name.</param>
    /// <param name="commands">Command names and their command types.</param>
    public static string? FirstProblem(IReadOnlyList<string> args, IReadOnlyDictionary<string, Type> commands) =>
        FirstProblem(args, commands, out _);

    /// <summary>
    /// As <see cref="FirstProblem(IReadOnlyList{string}, IReadOnlyDictionary{string, Type})"/>; also gives the
    /// command line to hand to Spectre.Console.Cli, with a value that starts with '-' (a negative number such
    /// as <c>-.5</c>) joined to its option as <c>--option=value</c>, so that it is never read as an option.
    /// </summary>
    public static string? FirstProblem(IReadOnlyList<string> args, IReadOnlyDictionary<string, Type> commands, out string[] normalized)
    {
        var output = new List<string>(args);
        normalized = [.. args];
        string? problem = Check(args, commands, output);
        normalized = [.. output];
        return problem;
    }

    private static string? Check(IReadOnlyList<string> args, IReadOnlyDictionary<string, Type> commands, List<string> output)
    {
        if (args.Count == 0)
        {
            return null;
        }

        if (IsOption(args[0]))
        {
            return s_globalOptions.Contains(args[0], StringComparer.Ordinal)
                ? null
                : Unknown(args[0], s_globalOptions, "exportflow", "exportflow --help");
        }

        if (!commands.TryGetValue(args[0], out Type? commandType) || SettingsType(commandType) is not { } settingsType)
        {
            // Spectre reports an unknown command with its own suggestion.
            return null;
        }

        var options = Options(settingsType);
        string help = $"exportflow {args[0]} --help";
        for (int i = 1; i < args.Count; i++)
        {
            string token = args[i];
            if (token == "--")
            {
                return $"'--' is not used by 'exportflow {args[0]}'; every value follows its option. Run '{help}' for its options";
            }

            if (!IsOption(token))
            {
                continue;
            }

            (string name, string? inline) = Split(token);
            if (name is "-h" or "--help")
            {
                continue;
            }

            if (!options.TryGetValue(name, out Option? option))
            {
                return Unknown(name, options.Keys.Where(k => k.StartsWith("--", StringComparison.Ordinal)), $"exportflow {args[0]}", help);
            }

            if (option.IsFlag)
            {
                if (inline is not null)
                {
                    return $"{option.Display} is a switch and takes no value (got '{inline}'); write just {option.Display}";
                }

                continue;
            }

            string? value = inline;
            if (value is null)
            {
                if (i + 1 >= args.Count || (IsOption(args[i + 1]) && !LooksNumeric(args[i + 1])))
                {
                    return $"{option.Display} needs a value ({option.ValueName}). Run '{help}' for its options";
                }

                value = args[++i];
                if (value.StartsWith('-'))
                {
                    // A negative number: joined to its option so that Spectre cannot take it for an option.
                    int at = output.Count - (args.Count - i);
                    output[at - 1] = $"{option.Display}={value}";
                    output.RemoveAt(at);
                }
            }

            if (option.Check(value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>The settings type of a <c>Command&lt;TSettings&gt;</c>.</summary>
    private static Type? SettingsType(Type commandType)
    {
        for (Type? t = commandType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Command<>))
            {
                return t.GetGenericArguments()[0];
            }
        }

        return null;
    }

    private static Dictionary<string, Option> Options(Type settingsType)
    {
        var result = new Dictionary<string, Option>(StringComparer.Ordinal);
        foreach (PropertyInfo property in settingsType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is not { } attribute)
            {
                continue;
            }

            string display = attribute.LongNames.Count > 0 ? "--" + attribute.LongNames[0] : "-" + attribute.ShortNames[0];
            var option = new Option(display, attribute.ValueName, property.PropertyType, property.GetCustomAttribute<NumberRangeAttribute>());
            foreach (string name in attribute.LongNames)
            {
                result["--" + name] = option;
            }

            foreach (string name in attribute.ShortNames)
            {
                result["-" + name] = option;
            }
        }

        return result;
    }

    private static string Unknown(string name, IEnumerable<string> known, string where, string help)
    {
        string? near = KeySuggester.Nearest(name, known);
        string hint = near is null ? "" : $"; did you mean '{near}'?";
        return $"unknown option '{name}' for '{where}'{hint} Run '{help}' to see every option";
    }

    private static bool IsOption(string token) => token.Length > 1 && token[0] == '-' && !LooksNumeric(token);

    private static bool LooksNumeric(string token) => NumberText.TryParseReal(token, out _);

    /// <summary>Splits <c>--name=value</c> and <c>--name:value</c>.</summary>
    private static (string Name, string? Value) Split(string token)
    {
        if (token.StartsWith("--", StringComparison.Ordinal))
        {
            int at = token.IndexOfAny(['=', ':']);
            if (at > 2)
            {
                return (token[..at], token[(at + 1)..]);
            }
        }

        return (token, null);
    }

    /// <summary>One declared option.</summary>
    private sealed record Option(string Display, string? ValueName, Type PropertyType, NumberRangeAttribute? Range)
    {
        public bool IsFlag => ValueName is null || ElementType == typeof(bool);

        private Type ElementType
        {
            get
            {
                Type t = PropertyType.IsArray ? PropertyType.GetElementType()! : PropertyType;
                return Nullable.GetUnderlyingType(t) ?? t;
            }
        }

        /// <summary>What is wrong with <paramref name="value"/> for this option, or null.</summary>
        public string? Check(string value)
        {
            Type t = ElementType;
            if (t == typeof(long) || t == typeof(int) || t == typeof(ulong))
            {
                (double min, double max) = Range is null ? TypeRange(t) : (Range.Min, Range.Max);
                string allowed = max >= TypeRange(t).Max ? $"≥ {Format(min)}" : $"from {Format(min)} to {Format(max)}";
                if (!NumberText.TryParseWhole(value, out decimal whole))
                {
                    string why = NumberText.TryParseReal(value, out _) ? " (it has a fraction)" : "";
                    return $"{Display} must be a whole number {allowed}, got '{value}'{why}";
                }

                if ((double)whole < min || (double)whole > max)
                {
                    return $"{Display} must be a whole number {allowed}, got {value}";
                }

                return null;
            }

            if (t == typeof(double))
            {
                if (!NumberText.TryParseReal(value, out double number))
                {
                    return $"{Display} must be a finite number (such as 5000, 1e5 or 100,000), got '{value}'";
                }

                if (Range is not null && (number < Range.Min || number > Range.Max))
                {
                    return $"{Display} must be from {Format(Range.Min)} to {Format(Range.Max)}, got {value}";
                }
            }

            return null;
        }

        private static (double Min, double Max) TypeRange(Type t) =>
            t == typeof(int) ? (int.MinValue, int.MaxValue) : t == typeof(long) ? (long.MinValue, long.MaxValue) : (0, ulong.MaxValue);

        private static string Format(double x) => x.ToString("#,0.##", CultureInfo.InvariantCulture);
    }
}
