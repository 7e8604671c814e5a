package io.chatrelay.gateway;

/** Facts about the gateway the tests start, from the %test profile. */
final class GatewayUnderTest {

    /** The partition of gateway.deliveries it reads ({@code %test.gateway.delivery.partition}). */
    static final int DELIVERY_PARTITION = 0;

    private GatewayUnderTest() {
    }
}
