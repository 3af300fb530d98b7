/**
 * SPDX-License-Identifier: EPL-2.0
 */
package dev.strata.example.tasks;

import org.eclipse.emf.ecore.EObject;

/**
 * <!-- begin-user-doc -->
 * A representation of the model object '<em><b>Tag</b></em>'.
 * <!-- end-user-doc -->
 *
 * <p>
 * The following features are supported:
 * </p>
 * <ul>
 *   <li>{@link dev.strata.example.tasks.Tag#getSlug <em>Slug</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Tag#getType <em>Type</em>}</li>
 *   <li>{@link dev.strata.example.tasks.Tag#getCount <em>Count</em>}</li>
 * </ul>
 *
 * @see dev.strata.example.tasks.TasksPackage#getTag()
 * @model
 * @generated
 */
public interface Tag extends EObject {
	/**
	 * Returns the value of the '<em><b>Slug</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Slug</em>' attribute.
	 * @see #setSlug(String)
	 * @see dev.strata.example.tasks.TasksPackage#getTag_Slug()
	 * @model id="true"
	 *        annotation="http://strata.dev/index kind='unique'"
	 * @generated
	 */
	String getSlug();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Tag#getSlug <em>Slug</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Slug</em>' attribute.
	 * @see #getSlug()
	 * @generated
	 */
	void setSlug(String value);

	/**
	 * Returns the value of the '<em><b>Type</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Type</em>' attribute.
	 * @see #setType(String)
	 * @see dev.strata.example.tasks.TasksPackage#getTag_Type()
	 * @model annotation="http://strata.dev/index kind='equality'"
	 * @generated
	 */
	String getType();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Tag#getType <em>Type</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Type</em>' attribute.
	 * @see #getType()
	 * @generated
	 */
	void setType(String value);

	/**
	 * Returns the value of the '<em><b>Count</b></em>' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @return the value of the '<em>Count</em>' attribute.
	 * @see #setCount(int)
	 * @see dev.strata.example.tasks.TasksPackage#getTag_Count()
	 * @model
	 * @generated
	 */
	int getCount();

	/**
	 * Sets the value of the '{@link dev.strata.example.tasks.Tag#getCount <em>Count</em>}' attribute.
	 * <!-- begin-user-doc -->
	 * <!-- end-user-doc -->
	 * @param value the new value of the '<em>Count</em>' attribute.
	 * @see #getCount()
	 * @generated
	 */
	void setCount(int value);

} // Tag
