package webchat.local.template;

import java.util.List;
import java.util.Optional;

/** The values of CloudFormation's pseudo parameters ({@code AWS::Region}, {@code AWS::StackName}...) locally. */
record PseudoParameters(String stackName, String region, String accountId) {

    Optional<Object> value(String name) {
        return Optional.ofNullable(switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> accountId;
            case "AWS::StackName" -> stackName;
            case "AWS::StackId" -> "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName
                    + "/00000000-0000-0000-0000-000000000000";
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            case "AWS::NotificationARNs" -> List.of();
            case "AWS::NoValue" -> IntrinsicResolver.NO_VALUE;
            default -> null;
        });
    }
}
