using Kmp.ManagementPacks.Xml;

namespace Kmp.Verification.Tests;

/// <summary>
/// Patterns of real Microsoft packs that kmp reported as errors although SCOM imports them
/// (issue 9 item 14): a dashboard component override's Context path, and a configuration schema
/// that includes a schema type of a referenced pack that is not available.
/// </summary>
public class RealPackPatternsTests
{
    private const string Head = """
        <ManagementPack ContentReadable="true" SchemaVersion="2.0" OriginalSchemaVersion="1.1" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
          <Manifest>
            <Identity><ID>Test.Dashboards</ID><Version>1.0.0.0</Version></Identity>
            <Name>Test Dashboards</Name>
            <References>
              <Reference Alias="System"><ID>System.Library</ID><Version>7.5.8501.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
              <Reference Alias="Visualization"><ID>Microsoft.SystemCenter.Visualization.Library</ID><Version>7.0.8560.0</Version><PublicKeyToken>31bf3856ad364e35</PublicKeyToken></Reference>
            </References>
          </Manifest>
        """;

    private static VerificationReport Verify(string xml) =>
        Verifier.Verify([PackInput.FromXml(ManagementPackDocument.Parse(xml, "Test.Dashboards.xml"))], new VerificationOptions { BestPractices = false });

    [Fact]
    public void A_component_override_context_path_resolves_each_step_and_the_leading_slash_is_no_alias()
    {
        var xml = Head + """
          <Presentation>
            <ComponentOverrides>
              <ComponentOverride ID="Test.Dashboards.Override" TypeID="Visualization!Microsoft.SystemCenter.Visualization.StateWidget" Context="/Visualization!Microsoft.SystemCenter.Visualization.Dashboard/Visualization!Microsoft.SystemCenter.Visualization.Cell/" />
              <ComponentOverride ID="Test.Dashboards.Broken" TypeID="Visualization!Microsoft.SystemCenter.Visualization.StateWidget" Context="/Visualization!Microsoft.SystemCenter.Visualization.Dashboard/Nope!Cell/" />
            </ComponentOverrides>
          </Presentation>
        </ManagementPack>
        """;
        var report = Verify(xml);
        var unknown = report.WithCode(Codes.UnknownAlias).Should().ContainSingle("only the step with an undeclared alias is one").Subject;
        unknown.ElementId.Should().Be("Test.Dashboards.Broken");
        unknown.Message.Should().Contain("alias 'Nope' is not declared");
    }

    [Fact]
    public void A_schema_type_of_a_pack_that_is_not_available_leaves_the_configuration_not_checked_instead_of_failing()
    {
        var xml = Head + """
          <TypeDefinitions>
            <ModuleTypes>
              <DataSourceModuleType ID="Test.Dashboards.DataSource" Accessibility="Public">
                <Configuration>
                  <IncludeSchemaTypes><SchemaType>Visualization!Microsoft.SystemCenter.Visualization.QueryParameters</SchemaType></IncludeSchemaTypes>
                  <xsd:element name="Query" type="QueryParametersType" />
                </Configuration>
                <ModuleImplementation>
                  <Composite>
                    <MemberModules>
                      <DataSource ID="Scheduler" TypeID="System!System.Scheduler"><Scheduler><SimpleReccuringSchedule><Interval>60</Interval></SimpleReccuringSchedule><ExcludeDates /></Scheduler></DataSource>
                    </MemberModules>
                    <Composition><Node ID="Scheduler" /></Composition>
                  </Composite>
                </ModuleImplementation>
                <OutputType>System!System.TriggerData</OutputType>
              </DataSourceModuleType>
            </ModuleTypes>
          </TypeDefinitions>
          <Monitoring>
            <Rules>
              <Rule ID="Test.Dashboards.Rule" Target="System!System.Entity" Enabled="false">
                <Category>Custom</Category>
                <DataSources><DataSource ID="DS" TypeID="Test.Dashboards.DataSource"><Query>q</Query></DataSource></DataSources>
                <WriteActions><WriteAction ID="WA" TypeID="System!System.Scheduler" /></WriteActions>
              </Rule>
            </Rules>
          </Monitoring>
        </ManagementPack>
        """;
        var report = Verify(xml);
        report.WithCode(Codes.ConfigurationSchemaInvalid).Should().BeEmpty("the schema is not wrong: a pack it needs is not available");
        report.WithCode(Codes.ReferenceNotAvailable).Should().ContainSingle().Which.Message.Should().Contain("Microsoft.SystemCenter.Visualization.Library");
        report.WithCode(Codes.ConfigurationNotChecked).Should().ContainSingle().Which.Message.Should()
            .Contain("is not checked: it includes schema type 'Visualization!Microsoft.SystemCenter.Visualization.QueryParameters' of a pack that is not available");
    }
}
