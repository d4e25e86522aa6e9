using Kmp.Operations;
using Kmp.Operations.Plans;
using Kmp.Operations.Scripts;

namespace Kmp.Application.Operations;

/// <summary><c>kmp remove</c>: plans from the group's state, optionally writes the plan as PowerShell.</summary>
public static class RemoveFamily
{
    public static OperationPlan Plan(IManagementGroup group, RemoveRequest request) => RemovePlanner.Plan(group, request);

    /// <summary>The plan as a PowerShell script.</summary>
    public static string Script(OperationPlan plan) => RemovePlanScript.Render(plan);

    /// <summary>Writes the plan as a PowerShell script (atomically).</summary>
    public static void EmitScript(OperationPlan plan, string path) =>
        Kmp.ManagementPacks.AtomicFile.WriteAllText(path, RemovePlanScript.Render(plan));

    public static ExecutionResult Execute(IManagementGroup group, OperationPlan plan, RemoveRequest request, IProgress<OperationProgress>? progress, CancellationToken cancellation = default) =>
        new PlanExecutor(group, new GroomingPolicy(request.GroomDays, request.GroomingTimeout, request.StateFile), progress).Execute(plan, cancellation);
}
