using Kmp.Kaspersky.Templates;

namespace Kmp.Kaspersky.Tests.Templates;

/// <summary>Descriptions name a log once: "the Application log", never "the Kaspersky Event Log log".</summary>
public sealed class LogWordingTests
{
    [Theory]
    [InlineData("Application", false, "the Application log")]
    [InlineData("Kaspersky Event Log", false, "the Kaspersky Event Log")]
    [InlineData("Kaspersky Anti-Virus", true, "the \"Kaspersky Anti-Virus\" log")]
    [InlineData("Kaspersky Event Log", true, "the \"Kaspersky Event Log\"")]
    [InlineData("kaspersky event log", false, "the kaspersky event log")]
    [InlineData("Catalog", false, "the Catalog log")]
    public void A_log_name_ending_in_Log_gets_no_second_one(string log, bool quoted, string expected) =>
        LogWording.The(log, quoted).Should().Be(expected);
}
