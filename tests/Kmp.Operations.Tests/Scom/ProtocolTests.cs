using Kmp.Operations.Scom;
using Kmp.Scom.Protocol;

namespace Kmp.Operations.Tests.Scom;

/// <summary>The messages: one line each whatever they carry, read back as written, and the port's records mapped both ways.</summary>
public sealed class ProtocolTests
{
    [Fact]
    public void A_message_is_one_line_even_with_line_breaks_and_non_ascii_text_and_reads_back_the_same()
    {
        var request = new Request
        {
            Id = 42,
            Op = Op.ResolveAlerts,
            AlertIds = ["0f8fad5b-d9cb-469f-a165-70867728950e"],
            Comment = "closed by kmp\r\nbefore removing «KasperskyLab.KSWS» — \"quoted\" \\ slash",
        };
        var line = MessageCodec.Write(request);
        line.Should().NotContain("\n").And.NotContain("\r").And.StartWith("{\"v\":1,\"id\":42,\"op\":\"resolveAlerts\"");
        var back = MessageCodec.Read<Request>(line);
        back.Comment.Should().Be(request.Comment);
        back.AlertIds.Should().Equal(request.AlertIds);
        back.Pack.Should().BeNull("absent members stay absent");
        line.Should().NotContain("\"pack\"");
    }

    [Fact]
    public void A_typed_error_reads_back_with_its_kind_reason_and_names()
    {
        var response = Response.Failure(7, new ErrorInfo(ErrorKinds.Refused, "KasperskyLab.Library cannot be uninstalled") { Reason = "HasDependents", Names = ["KasperskyLab.KSWS.Discovery"] });
        var back = MessageCodec.Read<Response>(MessageCodec.Write(response));
        back.Id.Should().Be(7);
        back.Error!.Kind.Should().Be(ErrorKinds.Refused);
        back.Error.Reason.Should().Be("HasDependents");
        back.Error.Names.Should().Equal("KasperskyLab.KSWS.Discovery");
    }

    [Fact]
    public void Members_a_newer_sender_adds_are_ignored()
    {
        var back = MessageCodec.Read<Response>("{\"v\":1,\"id\":3,\"number\":7,\"futureMember\":{\"x\":[1,2]}}");
        back.Number.Should().Be(7);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"v\":1,\"id\":")]
    [InlineData("{\"v\":\"one\"}")]
    public void A_line_that_is_not_a_message_is_refused_with_an_excerpt(string line)
    {
        var act = () => MessageCodec.Read<Response>(line);
        act.Should().Throw<MalformedMessageException>().Which.Message.Should().NotContain("\n");
    }

    [Fact]
    public void The_ports_records_cross_the_protocol_unchanged()
    {
        var pack = new InstalledPack("KasperskyLab.KSWS.Monitoring", new Version(1, 2, 3, 4), "KSWS Monitoring", true, "0123456789abcdef",
            [new PackReference("KL", "KasperskyLab.Library", new Version(1, 0, 0, 0), "0123456789abcdef")], ["KasperskyLab.KSWS.Application"], ["KasperskyLab.KSWS.Event1001.Rule"]);
        var packBack = WireMapping.FromWire(MessageCodec.Read<PackInfo>(MessageCodec.Write(WireMapping.ToWire(pack))));
        packBack.Should().BeEquivalentTo(pack);

        var alert = new Alert(Guid.NewGuid(), "KasperskyLab.KSWS.Event1001.Rule", "Event 1001", 255,
            new DateTimeOffset(2024, 3, 4, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 5, 9, 30, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 5, 9, 30, 0, TimeSpan.Zero));
        WireMapping.FromWire(MessageCodec.Read<AlertInfo>(MessageCodec.Write(WireMapping.ToWire(alert)))).Should().Be(alert);

        var subscription = new NotificationSubscription("KAV Administrators", "d", ["KasperskyLab.KSWS.Application"], ["Warning", "Error"], "E-mail (SMTP)", ["ops@contoso.com"]);
        WireMapping.FromWire(MessageCodec.Read<SubscriptionInfo>(MessageCodec.Write(WireMapping.ToWire(subscription)))).SameAs(subscription).Should().BeTrue();
    }

    [Fact]
    public void Only_reads_and_writes_that_set_a_state_are_safe_to_repeat()
    {
        foreach (var op in new[] { Op.GetPacks, Op.ExportXml, Op.GetAlerts, Op.GetAlertDaysToKeep, Op.SetAlertDaysToKeep, Op.GetSubscription, Op.SaveSubscription })
            Op.IsSafeToRetry(op).Should().BeTrue(op);
        foreach (var op in new[] { Op.Import, Op.Uninstall, Op.ResolveAlerts, Op.DeleteSubscription, "unknown" })
            Op.IsSafeToRetry(op).Should().BeFalse(op);
    }
}
