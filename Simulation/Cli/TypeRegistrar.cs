using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>A minimal registrar so commands can take an injected <c>IAnsiConsole</c>.</summary>
internal sealed class TypeRegistrar : ITypeRegistrar
{
    private readonly Dictionary<Type, Func<object>> _factories = [];

    public void Register(Type service, Type implementation) => _factories[service] = () => Create(implementation);

    public void RegisterInstance(Type service, object implementation) => _factories[service] = () => implementation;

    public void RegisterLazy(Type service, Func<object> factory) => _factories[service] = factory;

    public ITypeResolver Build() => new Resolver(this);

    private object Create(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        object?[] arguments = [.. constructor.GetParameters().Select(p => Resolve(p.ParameterType))];
        return constructor.Invoke(arguments);
    }

    private object? Resolve(Type? type)
    {
        if (type is null)
        {
            return null;
        }

        if (_factories.TryGetValue(type, out var factory))
        {
            return factory();
        }

        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private sealed class Resolver(TypeRegistrar registrar) : ITypeResolver
    {
        public object? Resolve(Type? type) => registrar.Resolve(type);
    }
}
