import { z } from 'zod';
import { lowerEnum, requiredText, text, timestamp } from './fields.js';

/** GET /v1/auditrecords → `activity` rows; `customizedData` key/value pairs become one JSON object. */
export const auditRecordItem = z
  .object({
    id: requiredText,
    partnerId: text,
    customerId: text,
    customerName: text,
    userPrincipalName: text,
    applicationId: text,
    resourceType: text,
    resourceOldValue: text,
    resourceNewValue: text,
    operationType: text,
    operationDate: timestamp,
    operationStatus: lowerEnum(['succeeded', 'failed', 'progress']).nullish(),
    customizedData: z.array(z.object({ key: z.string(), value: z.unknown() })).nullish(),
  })
  .transform((a) => ({
    record_id: a.id,
    operation_date: a.operationDate,
    customer_id: a.customerId,
    customer_name: a.customerName,
    user_principal_name: a.userPrincipalName,
    application_id: a.applicationId,
    resource_type: a.resourceType,
    operation_type: a.operationType,
    operation_status: a.operationStatus ?? null,
    resource_old_value: a.resourceOldValue,
    resource_new_value: a.resourceNewValue,
    customized_data: a.customizedData?.length ? JSON.stringify(Object.fromEntries(a.customizedData.map((d) => [d.key, d.value]))) : null,
  }));
