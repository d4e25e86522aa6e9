using System;
using System.IO;

namespace Kmp.Scom.Protocol;

/// <summary>Performs one request on a host's side; errors it can name come back as <see cref="Response.Error"/>.</summary>
public interface IRequestHandler
{
    Response Handle(Request request);
}

/// <summary>
/// The host's side of the conversation, shared by every host (the SDK host and the test host): reads
/// one request per line, answers each with one response line, stops at <see cref="Op.Bye"/> or at the
/// end of its input. A line that is not a request is answered with <see cref="ErrorKinds.BadRequest"/>
/// (id 0, as its id is unknown), a request of another version with <see cref="ErrorKinds.ProtocolVersion"/>;
/// the host keeps going after both. Nothing but responses is written to <paramref name="output"/>.
/// </summary>
public static class HostLoop
{
    public static void Run(TextReader input, TextWriter output, IRequestHandler handler, string hostDescription)
    {
        string? line;
        while ((line = input.ReadLine()) is not null)
        {
            if (line.Trim().Length == 0) continue;
            var response = Answer(line, handler, hostDescription, out var bye);
            output.WriteLine(MessageCodec.Write(response));
            output.Flush();
            if (bye) return;
        }
    }

    /// <summary>The response to one line.</summary>
    public static Response Answer(string line, IRequestHandler handler, string hostDescription, out bool bye)
    {
        bye = false;
        Request request;
        try
        {
            request = MessageCodec.Read<Request>(line);
        }
        catch (MalformedMessageException ex)
        {
            return Response.Failure(0, new ErrorInfo(ErrorKinds.BadRequest, "malformed request line: " + ex.Message));
        }
        if (request.Version != ProtocolVersion.Current)
            return Response.Failure(request.Id, new ErrorInfo(ErrorKinds.ProtocolVersion, $"the host speaks protocol version {ProtocolVersion.Current}, the request version {request.Version}"));
        switch (request.Op)
        {
            case Op.Hello:
                return new Response { Id = request.Id, Host = hostDescription };
            case Op.Bye:
                bye = true;
                return new Response { Id = request.Id };
        }
        try
        {
            var response = handler.Handle(request);
            response.Id = request.Id;
            response.Version = ProtocolVersion.Current;
            return response;
        }
        catch (Exception ex)
        {
            return Response.Failure(request.Id, new ErrorInfo(ErrorKinds.Internal, ex.GetType().Name + ": " + ex.Message.Replace('\r', ' ').Replace('\n', ' ')));
        }
    }
}
