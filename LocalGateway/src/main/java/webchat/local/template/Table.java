package webchat.local.template;

import java.util.Map;

/**
 * An {@code AWS::DynamoDB::Table} or {@code AWS::Serverless::SimpleTable}.
 *
 * @param tableName  the physical name the functions see through Ref: TableName when the template sets one, else
 *                   {@code {stackName}-{logicalId}}
 * @param properties the resolved CloudFormation Properties (AttributeDefinitions, KeySchema, indexes,
 *                   TimeToLiveSpecification...); a SimpleTable's are converted to that shape
 */
public record Table(String logicalId, String tableName, Map<String, Object> properties) {}
