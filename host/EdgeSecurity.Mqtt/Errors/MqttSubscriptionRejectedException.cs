using EdgeSecurity.Mqtt.Packets;

namespace EdgeSecurity.Mqtt;

/// <summary>The broker answered a SUBSCRIBE with failure (0x80) for at least one filter.</summary>
public sealed class MqttSubscriptionRejectedException(IReadOnlyList<MqttTopicFilter> filters, IReadOnlyList<MqttSubAckCode> returnCodes)
    : MqttException($"The broker rejected the subscription to: {string.Join(", ", Rejected(filters, returnCodes))}.")
{
    public IReadOnlyList<MqttTopicFilter> Filters { get; } = filters;

    public IReadOnlyList<MqttSubAckCode> ReturnCodes { get; } = returnCodes;

    private static IEnumerable<string> Rejected(IReadOnlyList<MqttTopicFilter> filters, IReadOnlyList<MqttSubAckCode> codes) =>
        filters.Where((_, i) => codes[i] == MqttSubAckCode.Failure).Select(f => f.Filter);
}
