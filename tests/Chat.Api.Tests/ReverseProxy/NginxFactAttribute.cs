using Chat.TestSupport;

namespace Chat.Api.Tests.ReverseProxy;

/// <summary>A fact that needs Debian's nginx: skipped with a reason when it is missing, failing (not skipped) under CI=true.</summary>
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (NginxProcess.Executable is null && !TestEnvironment.IsCi)
        {
            Skip = "This test needs nginx (apt-get install nginx); .ci/run installs it.";
        }
    }
}
