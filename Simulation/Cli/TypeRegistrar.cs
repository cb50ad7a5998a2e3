using Spectre.Console.Cli;

namespace ExportFlow.Simulation.Cli;

/// <summary>A minimal registrar so commands can take an injected <c>IAnsiConsole</c>.</summary>
internal sealed class TypeRegistrar : ITypeRegistrar
{
    private readonly Dictionary<Type, List<Func<object>>> _factories = [];

    public void Register(Type service, Type implementation) => Add(service, () => Create(implementation));

    public void RegisterInstance(Type service, object implementation) => Add(service, () => implementation);

    public void RegisterLazy(Type service, Func<object> factory) => Add(service, factory);

    private void Add(Type service, Func<object> factory)
    {
        if (!_factories.TryGetValue(service, out var list))
        {
            _factories[service] = list = [];
        }

        list.Add(factory);
    }

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

        if (_factories.TryGetValue(type, out var factories))
        {
            return factories[^1]();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>))
        {
            Type item = type.GetGenericArguments()[0];
            var registered = _factories.TryGetValue(item, out var all) ? all : [];
            var array = Array.CreateInstance(item, registered.Count);
            for (int i = 0; i < registered.Count; i++)
            {
                array.SetValue(registered[i](), i);
            }

            return array;
        }

        return type.IsAbstract || type.IsInterface ? null : Create(type);
    }

    private sealed class Resolver(TypeRegistrar registrar) : ITypeResolver
    {
        public object? Resolve(Type? type) => registrar.Resolve(type);
    }
}
