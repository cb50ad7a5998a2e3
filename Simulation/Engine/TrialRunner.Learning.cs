using ExportFlow.Simulation.Compilation;

namespace ExportFlow.Simulation.Engine;

/// <summary>
/// Route learning (model v2, docs/model.md): buyers of a restricted node with <c>learning: η</c> choose routes
/// by a perceived detection p̃ of each route, informed at the start of the horizon and moved after every
/// period towards the share of the route's flow that was seized.
/// </summary>
internal static partial class TrialRunner
{
    /// <summary>
    /// p̃_k,1 = p_k,1 for every route of restricted node <paramref name="r"/>: the true combined detection
    /// with period 1's values, also for routes outside the choice set.
    /// </summary>
    private static void InformBuyers(FlowPlan plan, TrialState s, int r)
    {
        double[] values = s.Values;
        for (int i = plan.RestrictedRouteStart[r]; i < plan.RestrictedRouteStart[r + 1]; i++)
        {
            int k = plan.RestrictedRoutes[i];
            double survival = 1;
            for (int j = plan.RouteEdgeStart[k]; j < plan.RouteEdgeStart[k + 1]; j++)
            {
                survival *= 1 - values[plan.DetectionV[plan.RouteEdges[j]]];
            }

            s.Perceived[k] = 1 - survival;
        }
    }

    /// <summary>
    /// After period t's transit, for every route k of a learning restricted node with x_k,t &gt; 0:
    /// p̃_k,t+1 = (1 − η)·p̃_k,t + η·interdicted_k,t / x_k,t. An untried route keeps what was last believed.
    /// </summary>
    private static void Learn(FlowPlan plan, TrialState s)
    {
        double[] values = s.Values;
        for (int r = 0; r < plan.RestrictedCount; r++)
        {
            int learningV = plan.LearningV[r];
            if (learningV < 0)
            {
                continue;
            }

            double eta = values[learningV];
            for (int i = plan.RestrictedRouteStart[r]; i < plan.RestrictedRouteStart[r + 1]; i++)
            {
                int k = plan.RestrictedRoutes[i];
                double flow = s.RouteFlow[k];
                if (flow <= 0)
                {
                    continue;
                }

                double seized = s.RouteSurvival[k] < 1 ? s.RouteLastSeized[k] : 0.0;
                double observed = Math.Clamp(seized / flow, 0.0, 1.0);
                s.Perceived[k] = ((1 - eta) * s.Perceived[k]) + (eta * observed);
            }
        }
    }
}
