import { z } from 'zod';
import { day, integer, requiredText, text } from './fields.js';

/** GET /partner/v1/analytics/commercial/deployment/license → `license_deployment` rows. */
export const licenseDeploymentItem = z
  .object({
    customerTenantId: requiredText,
    customerName: text,
    productId: requiredText,
    productName: text,
    serviceCode: text,
    licensesDeployed: integer,
    licensesSold: integer,
    processedDateTime: day,
  })
  .transform((d) => ({
    date: d.processedDateTime,
    customer_id: d.customerTenantId,
    customer_name: d.customerName,
    product_id: d.productId,
    product_name: d.productName,
    service_code: d.serviceCode,
    licenses_deployed: String(d.licensesDeployed),
    licenses_sold: String(d.licensesSold),
  }));
